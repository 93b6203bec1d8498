<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AuditScreen</name>
    <message>
        <source>No. %1 · %2 · %3 · %4</source>
        <translation>第 %1 条 · %2 · %3 · %4</translation>
    </message>
    <message>
        <source>Checking every entry…</source>
        <translation>正在逐条核对……</translation>
    </message>
    <message numerus="yes">
        <source>Chain intact: all %n entries check out.</source>
        <translation>
            <numerusform>记录链完好：全部 %n 条核对无误。</numerusform>
        </translation>
    </message>
    <message>
        <source>Chain BROKEN at entry %1: the log was changed outside the kiosk. Keep this kiosk&apos;s data as it is and tell the administrator.</source>
        <translation>记录链在第 %1 条断开：日志在本机之外被改动过。请保持本机数据原样，并告知管理员。</translation>
    </message>
    <message>
        <source>Writing the file…</source>
        <translation>正在写入文件……</translation>
    </message>
    <message numerus="yes">
        <source>Saved %n entries to %1.</source>
        <translation>
            <numerusform>已将 %n 条记录保存到 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>Newest entry&apos;s fingerprint (write it down): %1</source>
        <translation>最新一条的指纹（请记下）：%1</translation>
    </message>
    <message>
        <source>The file could not be written: %1. Try another place.</source>
        <translation>文件无法写入：%1。请换一个位置。</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Kind: %1 (tap to change)</source>
        <translation>类别：%1（点按切换）</translation>
    </message>
    <message>
        <source>today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>all time</source>
        <translation>全部时间</translation>
    </message>
    <message>
        <source>Period: %1 (tap to change)</source>
        <translation>时间：%1（点按切换）</translation>
    </message>
    <message>
        <source>Check that nothing was changed</source>
        <translation>核对记录是否被改动</translation>
    </message>
    <message>
        <source>Save the whole log as a CSV file:</source>
        <translation>将全部日志保存为 CSV 文件：</translation>
    </message>
    <message>
        <source>Save on this kiosk: %1</source>
        <translation>保存在本机：%1</translation>
    </message>
    <message>
        <source>Save on USB stick: %1</source>
        <translation>保存到 U 盘：%1</translation>
    </message>
    <message>
        <source>Showing the newest %1 of %2 entries.</source>
        <translation>显示最新 %1 条，共 %2 条。</translation>
    </message>
</context>
<context>
    <name>CameraLiveScreen</name>
    <message>
        <source>There is no working camera on this kiosk (see the Devices panel).</source>
        <translation>这台自助机没有可用的摄像头（请看设备面板）。</translation>
    </message>
    <message>
        <source>The camera test stopped: %1</source>
        <translation>摄像头测试已停止：%1</translation>
    </message>
    <message>
        <source>Face measurements are not installed on this kiosk; the picture shows the camera works.</source>
        <translation>这台自助机没有安装人脸测量；画面能显示就说明摄像头正常。</translation>
    </message>
    <message>
        <source>One face, good enough for face check-in.</source>
        <translation>一张人脸，可以用于刷脸签到。</translation>
    </message>
    <message>
        <source>No face found. Face the camera.</source>
        <translation>没有找到人脸。请正对摄像头。</translation>
    </message>
    <message>
        <source>Several faces: only one person should be in front of the camera.</source>
        <translation>有多张人脸：摄像头前只能有一个人。</translation>
    </message>
    <message>
        <source>Face too small: come closer.</source>
        <translation>人脸太小：请靠近一些。</translation>
    </message>
    <message>
        <source>Face too close: step back a little.</source>
        <translation>人脸太近：请后退一点。</translation>
    </message>
    <message>
        <source>Face not in the middle of the picture.</source>
        <translation>人脸不在画面中间。</translation>
    </message>
    <message>
        <source>Too dark: check the light in front of the kiosk.</source>
        <translation>太暗：请检查自助机前的照明。</translation>
    </message>
    <message>
        <source>Too bright: strong light on the face or behind it.</source>
        <translation>太亮：脸上或身后有强光。</translation>
    </message>
    <message>
        <source>Blurred: hold still, or clean the camera lens.</source>
        <translation>画面模糊：请保持不动，或擦一擦镜头。</translation>
    </message>
    <message>
        <source>Face turned away: look straight at the camera.</source>
        <translation>脸转开了：请正对摄像头。</translation>
    </message>
    <message>
        <source>Blank picture: the lens may be covered.</source>
        <translation>画面一片空白：镜头可能被挡住了。</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>合格</translation>
    </message>
    <message>
        <source>NOT OK</source>
        <translation>不合格</translation>
    </message>
    <message>
        <source>Size: %1 % of the picture width (check-in needs %2–%3 %)</source>
        <translation>大小：占画面宽度的 %1 %（签到需要 %2–%3 %）</translation>
    </message>
    <message>
        <source>Sharpness: %1 (check-in needs at least %2)</source>
        <translation>清晰度：%1（签到至少需要 %2）</translation>
    </message>
    <message>
        <source>Brightness: %1 of 255 (check-in needs %2–%3)</source>
        <translation>亮度：%1 / 255（签到需要 %2–%3）</translation>
    </message>
    <message>
        <source>Facing the camera: head turned %1 (check-in allows up to %2)</source>
        <translation>正对摄像头：转头程度 %1（签到最多允许 %2）</translation>
    </message>
    <message>
        <source>Back to devices</source>
        <translation>返回设备</translation>
    </message>
    <message>
        <source>Camera: live test</source>
        <translation>摄像头：实时测试</translation>
    </message>
    <message>
        <source>Starting the camera…</source>
        <translation>正在打开摄像头…</translation>
    </message>
    <message>
        <source>About %1 pictures a second. Nothing is recorded.</source>
        <translation>每秒约 %1 幅画面。不会保存任何画面。</translation>
    </message>
    <message>
        <source>Nothing is recorded.</source>
        <translation>不会保存任何画面。</translation>
    </message>
</context>
<context>
    <name>ConsumablesScreen</name>
    <message>
        <source>Noted: a new %1 m roll. Counting starts again now.</source>
        <translation>已记录：换上新的 %1 米纸卷，从现在重新计数。</translation>
    </message>
    <message>
        <source>Printed again. Please give the paper to the patient.</source>
        <translation>已重新打印，请把凭条交给患者。</translation>
    </message>
    <message>
        <source>It did not print: %1</source>
        <translation>没有打印出来：%1</translation>
    </message>
    <message>
        <source>It cannot be printed again: %1</source>
        <translation>不能再次打印：%1</translation>
    </message>
    <message>
        <source>Paper and reprints</source>
        <translation>纸张与补打</translation>
    </message>
    <message>
        <source>enough paper</source>
        <translation>纸张充足</translation>
    </message>
    <message>
        <source>running low</source>
        <translation>纸张快用完了</translation>
    </message>
    <message>
        <source>out of paper</source>
        <translation>缺纸</translation>
    </message>
    <message>
        <source>the printer does not answer</source>
        <translation>打印机没有响应</translation>
    </message>
    <message>
        <source>Receipt paper: %1</source>
        <translation>凭条纸：%1</translation>
    </message>
    <message>
        <source>Put in a new paper roll soon: tickets will stop when it runs out.</source>
        <translation>请尽快换新纸卷：纸用完后将无法打印凭条。</translation>
    </message>
    <message>
        <source>Put in a new paper roll now: patients get their tickets on screen only.</source>
        <translation>请立即换新纸卷：患者现在只能在屏幕上看到凭条。</translation>
    </message>
    <message>
        <source>Check the receipt printer&apos;s cable and power.</source>
        <translation>请检查凭条打印机的连接线和电源。</translation>
    </message>
    <message>
        <source>New roll put in (%1 m)</source>
        <translation>已换新纸卷（%1 米）</translation>
    </message>
    <message>
        <source>A4 printer: not configured</source>
        <translation>A4 打印机：未配置</translation>
    </message>
    <message>
        <source>A4 printer: %1</source>
        <translation>A4 打印机：%1</translation>
    </message>
    <message>
        <source>No ticket is waiting to be printed again.</source>
        <translation>没有等待补打的凭条。</translation>
    </message>
    <message>
        <source>Did not print at %1: %2 (%3)</source>
        <translation>%1 未打印成功：%2（%3）</translation>
    </message>
    <message>
        <source>Print it again (once)</source>
        <translation>重新打印（仅一次）</translation>
    </message>
    <message>
        <source>Do not print it</source>
        <translation>不再打印</translation>
    </message>
</context>
<context>
    <name>DeviceWords</name>
    <message>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <source>Receipt printer</source>
        <translation>凭条打印机</translation>
    </message>
    <message>
        <source>A4 printer</source>
        <translation>A4 打印机</translation>
    </message>
    <message>
        <source>Code scanner</source>
        <translation>扫码器</translation>
    </message>
    <message>
        <source>Wheelchair dock</source>
        <translation>轮椅停放桩</translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation>扬声器</translation>
    </message>
    <message>
        <source>ID card reader</source>
        <translation>身份证读卡器</translation>
    </message>
    <message>
        <source>not checked yet</source>
        <translation>尚未检查</translation>
    </message>
    <message>
        <source>working</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>needs attention</source>
        <translation>需要处理</translation>
    </message>
    <message>
        <source>not working</source>
        <translation>不能使用</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>没有响应</translation>
    </message>
    <message>
        <source>long-term</source>
        <translation>长期</translation>
    </message>
    <message>
        <source>Test passed: %1</source>
        <translation>测试通过：%1</translation>
    </message>
    <message>
        <source>Test failed: %1</source>
        <translation>测试未通过：%1</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>chimes</source>
        <translation>提示音</translation>
    </message>
    <message>
        <source>job checks</source>
        <translation>任务查询</translation>
    </message>
    <message>
        <source>A4 jobs</source>
        <translation>A4 打印任务</translation>
    </message>
    <message>
        <source>reads</source>
        <translation>读取</translation>
    </message>
    <message>
        <source>card reads</source>
        <translation>读卡</translation>
    </message>
    <message>
        <source>code reads</source>
        <translation>读码</translation>
    </message>
    <message>
        <source>sentences</source>
        <translation>播报</translation>
    </message>
    <message>
        <source>receipts sent</source>
        <translation>凭条发送</translation>
    </message>
    <message>
        <source>slot checks</source>
        <translation>车位查询</translation>
    </message>
    <message>
        <source>timeouts</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>faults</source>
        <translation>故障</translation>
    </message>
    <message>
        <source>refused jobs</source>
        <translation>被拒任务</translation>
    </message>
    <message>
        <source>repeated jobs</source>
        <translation>重复任务</translation>
    </message>
    <message>
        <source>failed reads</source>
        <translation>读取失败</translation>
    </message>
    <message>
        <source>jams</source>
        <translation>卡住</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>被打断</translation>
    </message>
    <message>
        <source>failures</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>jobs</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>unlocks</source>
        <translation>开锁</translation>
    </message>
    <message>
        <source>locks</source>
        <translation>上锁</translation>
    </message>
    <message>
        <source>codes read</source>
        <translation>读到的码</translation>
    </message>
    <message>
        <source>reconnections</source>
        <translation>重新连接</translation>
    </message>
    <message>
        <source>frames</source>
        <translation>画面帧</translation>
    </message>
    <message>
        <source>not opened</source>
        <translation>未打开</translation>
    </message>
    <message>
        <source>the {device} is not open</source>
        <translation>{device}未打开</translation>
    </message>
    <message>
        <source>simulated</source>
        <translation>模拟设备</translation>
    </message>
    <message>
        <source>the {device} could not be opened (simulated)</source>
        <translation>{device}无法打开（模拟）</translation>
    </message>
    <message>
        <source>no reply from the {device} (simulated)</source>
        <translation>{device}没有应答（模拟）</translation>
    </message>
    <message>
        <source>the {device} reports a hardware fault (simulated)</source>
        <translation>{device}报告硬件故障（模拟）</translation>
    </message>
    <message>
        <source>printer cover is open (simulated)</source>
        <translation>打印机盖开着（模拟）</translation>
    </message>
    <message>
        <source>out of paper (simulated)</source>
        <translation>缺纸（模拟）</translation>
    </message>
    <message>
        <source>paper is running low (simulated)</source>
        <translation>纸快用完了（模拟）</translation>
    </message>
    <message>
        <source>paper jam (simulated)</source>
        <translation>卡纸（模拟）</translation>
    </message>
    <message>
        <source>camera stopped sending frames (simulated)</source>
        <translation>摄像头不再送出画面（模拟）</translation>
    </message>
    <message>
        <source>simulated, {width}×{height}</source>
        <translation>模拟设备，{width}×{height}</translation>
    </message>
    <message>
        <source>the slot locks are jammed (simulated)</source>
        <translation>车位锁卡住了（模拟）</translation>
    </message>
    <message>
        <source>chair sensors disagree with the locks — check the dock by hand (simulated)</source>
        <translation>轮椅传感器与车位锁的状态不一致——请到现场检查停放桩（模拟）</translation>
    </message>
    <message>
        <source>lock of slot {slots} jammed (simulated)</source>
        <translation>{slots} 号车位的锁卡住了（模拟）</translation>
    </message>
    <message>
        <source>simulated, {occupied} of {slots} slots hold a chair</source>
        <translation>模拟设备，{slots} 个车位中有 {occupied} 个停着轮椅</translation>
    </message>
    <message>
        <source>the ID card reader&apos;s security module is missing or not authorised (simulated)</source>
        <translation>身份证读卡器的安全模块缺失或未授权（模拟）</translation>
    </message>
    <message>
        <source>simulated, a card lies on the reader</source>
        <translation>模拟设备，读卡器上有一张卡</translation>
    </message>
    <message>
        <source>simulated, no card</source>
        <translation>模拟设备，读卡器上没有卡</translation>
    </message>
    <message>
        <source>simulated, {waiting} code(s) waiting</source>
        <translation>模拟设备，{waiting} 个码等待读取</translation>
    </message>
    <message>
        <source>simulated, volume {volume}</source>
        <translation>模拟设备，音量 {volume}</translation>
    </message>
    <message>
        <source>the receipt printer did not answer the status request (check power and cable)</source>
        <translation>凭条打印机没有回答状态查询（请检查电源和数据线）</translation>
    </message>
    <message>
        <source>the receipt printer cover is open: close it</source>
        <translation>凭条打印机盖开着：请盖好</translation>
    </message>
    <message>
        <source>the receipt printer is out of paper: load a new roll</source>
        <translation>凭条打印机缺纸：请装新纸卷</translation>
    </message>
    <message>
        <source>the receipt printer reports an error (cutter or head): open and close the cover, or switch it off and on</source>
        <translation>凭条打印机报告故障（切刀或打印头）：请开合一次机盖，或关机再开机</translation>
    </message>
    <message>
        <source>the receipt printer is offline: check the cover and the paper</source>
        <translation>凭条打印机离线：请检查机盖和纸</translation>
    </message>
    <message>
        <source>receipt paper is running low: load a new roll soon</source>
        <translation>凭条纸快用完了：请尽快装新纸卷</translation>
    </message>
    <message>
        <source>the receipt printer answered only part of the status request</source>
        <translation>凭条打印机只回答了部分状态查询</translation>
    </message>
    <message>
        <source>online, paper adequate</source>
        <translation>在线，纸量充足</translation>
    </message>
    <message>
        <source>{url} is a one-way connection that cannot report paper or cover status; use escpos+usb or escpos+tcp to get it</source>
        <translation>{url} 是单向连接，无法报告纸和机盖的状态；要得到状态请改用 escpos+usb 或 escpos+tcp</translation>
    </message>
    <message>
        <source>CUPS is not running or not reachable: start cupsd (systemctl start cups)</source>
        <translation>CUPS 没有运行或连不上：请启动 cupsd（systemctl start cups）</translation>
    </message>
    <message>
        <source>CUPS said nothing about queue {queue}</source>
        <translation>CUPS 没有给出队列 {queue} 的任何信息</translation>
    </message>
    <message>
        <source>the CUPS queue {queue} is stopped{reasons}: fix the printer, then run cupsenable {queue}</source>
        <translation>CUPS 队列 {queue} 已停止{reasons}：请修好打印机，然后运行 cupsenable {queue}</translation>
    </message>
    <message>
        <source>the CUPS queue {queue} is not accepting jobs: run cupsaccept {queue}</source>
        <translation>CUPS 队列 {queue} 不接受任务：请运行 cupsaccept {queue}</translation>
    </message>
    <message>
        <source>the A4 printer reports{reasons}</source>
        <translation>A4 打印机报告{reasons}</translation>
    </message>
    <message>
        <source>the A4 printer warns{reasons}</source>
        <translation>A4 打印机警告{reasons}</translation>
    </message>
    <message>
        <source>printing</source>
        <translation>正在打印</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>&apos;{program}&apos; is missing: install espeak-ng (apt-get install espeak-ng)</source>
        <translation>缺少“{program}”：请安装 espeak-ng（apt-get install espeak-ng）</translation>
    </message>
    <message>
        <source>espeak-ng, writing WAV files to {folder}, volume {volume}</source>
        <translation>espeak-ng，把 WAV 文件写到 {folder}，音量 {volume}</translation>
    </message>
    <message>
        <source>espeak-ng, default audio device, volume {volume}</source>
        <translation>espeak-ng，默认音频设备，音量 {volume}</translation>
    </message>
    <message>
        <source>ID card reader at {port} answers, security module ready</source>
        <translation>{port} 上的身份证读卡器有应答，安全模块就绪</translation>
    </message>
    <message>
        <source>the ID card reader at {port}: {status} — the reader cannot read cards; call the supplier</source>
        <translation>{port} 上的身份证读卡器：{status}——读卡器无法读卡，请联系供应商</translation>
    </message>
    <message>
        <source>the ID card reader at {port} reports: {status}</source>
        <translation>{port} 上的身份证读卡器报告：{status}</translation>
    </message>
    <message>
        <source>camera stopped sending frames</source>
        <translation>摄像头不再送出画面</translation>
    </message>
    <message>
        <source>camera {source}, {frames} frames so far</source>
        <translation>摄像头 {source}，已送出 {frames} 帧</translation>
    </message>
    <message>
        <source>end of &apos;{file}&apos; reached (loop=0)</source>
        <translation>已播放到“{file}”的结尾（loop=0）</translation>
    </message>
    <message>
        <source>playing &apos;{file}&apos;</source>
        <translation>正在播放“{file}”</translation>
    </message>
    <message>
        <source>dock at {port} answers</source>
        <translation>{port} 上的停放桩有应答</translation>
    </message>
    <message>
        <source>the dock reports: {detail}</source>
        <translation>停放桩报告：{detail}</translation>
    </message>
    <message>
        <source>listening on {target}, {codes} code(s) read</source>
        <translation>正在监听 {target}，已读到 {codes} 个码</translation>
    </message>
    <message>
        <source>printed</source>
        <translation>已打印</translation>
    </message>
    <message>
        <source>not printed: {error}</source>
        <translation>没有打印：{error}</translation>
    </message>
    <message>
        <source>not printed</source>
        <translation>没有打印</translation>
    </message>
    <message>
        <source>sent to the A4 printer</source>
        <translation>已发送到 A4 打印机</translation>
    </message>
    <message>
        <source>a picture of {width}×{height}</source>
        <translation>拍到一张 {width}×{height} 的画面</translation>
    </message>
    <message>
        <source>no picture after {tries} tries</source>
        <translation>试了 {tries} 次都没有画面</translation>
    </message>
    <message>
        <source>no code read in {seconds} s</source>
        <translation>{seconds} 秒内没有读到码</translation>
    </message>
    <message>
        <source>read: {code}</source>
        <translation>读到：{code}</translation>
    </message>
    <message>
        <source>the dock has no slots</source>
        <translation>停放桩没有车位</translation>
    </message>
    <message>
        <source>slot {slot} unlocked and locked again</source>
        <translation>{slot} 号车位已开锁并重新锁好</translation>
    </message>
    <message>
        <source>said: {text}</source>
        <translation>已播报：{text}</translation>
    </message>
    <message>
        <source>no card was put on the reader in {seconds} s</source>
        <translation>{seconds} 秒内读卡器上没有放卡</translation>
    </message>
    <message>
        <source>name {name}, sex {sex}, born {birth_date}, ID number {id_number}, valid to {valid_to}</source>
        <translation>姓名 {name}，性别 {sex}，出生 {birth_date}，证件号 {id_number}，有效期至 {valid_to}</translation>
    </message>
    <message>
        <source>no {device} is configured</source>
        <translation>没有配置{device}</translation>
    </message>
</context>
<context>
    <name>DevicesScreen</name>
    <message>
        <source>Take a test picture</source>
        <translation>拍一张测试照片</translation>
    </message>
    <message>
        <source>Print a test page</source>
        <translation>打印测试页</translation>
    </message>
    <message>
        <source>Test the scanner</source>
        <translation>测试扫码器</translation>
    </message>
    <message>
        <source>Unlock and lock a slot</source>
        <translation>开锁再上锁一个车位</translation>
    </message>
    <message>
        <source>Say a test sentence</source>
        <translation>播放一句测试语音</translation>
    </message>
    <message>
        <source>Read a test card</source>
        <translation>读一张测试卡</translation>
    </message>
    <message>
        <source>SIMULATED DEVICE — nothing real happens</source>
        <translation>模拟设备——不会真的执行任何操作</translation>
    </message>
    <message>
        <source>State: %1</source>
        <translation>状态：%1</translation>
    </message>
    <message>
        <source>Driver: %1</source>
        <translation>驱动：%1</translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation>最近错误：%1</translation>
    </message>
    <message>
        <source>Last error: none</source>
        <translation>最近错误：无</translation>
    </message>
    <message>
        <source>Counters: %1</source>
        <translation>计数：%1</translation>
    </message>
    <message>
        <source>Counters: none yet</source>
        <translation>计数：暂无</translation>
    </message>
    <message>
        <source>Live picture with face boxes and scores</source>
        <translation>实时画面（人脸框和质量分数）</translation>
    </message>
    <message>
        <source>Your role may not run device tests.</source>
        <translation>您的角色不能进行设备测试。</translation>
    </message>
    <message>
        <source>Printing the test page…</source>
        <translation>正在打印测试页……</translation>
    </message>
    <message>
        <source>Taking a picture…</source>
        <translation>正在拍照……</translation>
    </message>
    <message>
        <source>Hold any QR code or barcode under the scanner now (%1 seconds).</source>
        <translation>请现在把任意二维码或条码放到扫码器下（%1 秒内）。</translation>
    </message>
    <message>
        <source>Unlocking a slot…</source>
        <translation>正在开锁……</translation>
    </message>
    <message>
        <source>Put an ID card on the reader now (%1 seconds).</source>
        <translation>请现在把一张身份证放在读卡器上（%1 秒内）。</translation>
    </message>
    <message>
        <source>Listen: the speaker should say a sentence now.</source>
        <translation>请听：扬声器现在应当播放一句话。</translation>
    </message>
    <message>
        <source>This is what the page looks like:</source>
        <translation>测试页的样子如下：</translation>
    </message>
    <message>
        <source>Test could not run: %1</source>
        <translation>测试无法进行：%1</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Check all devices again</source>
        <translation>重新检查所有设备</translation>
    </message>
</context>
<context>
    <name>EnrolmentsScreen</name>
    <message>
        <source>This is not a valid ID card number (18 characters). Please type it again.</source>
        <translation>这不是有效的身份证号码（18 位），请重新输入。</translation>
    </message>
    <message>
        <source>The patient could not be looked up: %1</source>
        <translation>暂时查不到这位患者：%1</translation>
    </message>
    <message>
        <source>No patient of this hospital has this ID number.</source>
        <translation>本院没有这个身份证号码的患者。</translation>
    </message>
    <message>
        <source>The camera is not working, so no face can be enrolled now.</source>
        <translation>摄像头无法工作，现在不能录入面容。</translation>
    </message>
    <message>
        <source>Only an administrator may enrol a patient&apos;s face.</source>
        <translation>只有管理员可以为患者录入面容。</translation>
    </message>
    <message>
        <source>Only an administrator may delete face data.</source>
        <translation>只有管理员可以删除人脸数据。</translation>
    </message>
    <message numerus="yes">
        <source>Face data deleted for %1: %n template(s).</source>
        <translation>
            <numerusform>已删除%1的人脸数据：%n 份模板。</numerusform>
        </translation>
    </message>
    <message>
        <source>The face data was not deleted: %1</source>
        <translation>人脸数据没有删除：%1</translation>
    </message>
    <message>
        <source>Enrol their face now</source>
        <translation>现在录入其面容</translation>
    </message>
    <message numerus="yes">
        <source>%n face template(s) stored.</source>
        <translation>
            <numerusform>已存 %n 份人脸模板。</numerusform>
        </translation>
    </message>
    <message>
        <source>No face data is stored for this patient.</source>
        <translation>这位患者没有存人脸数据。</translation>
    </message>
    <message>
        <source>%1, ID %2</source>
        <translation>%1，身份证 %2</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>原因：%1</translation>
    </message>
    <message>
        <source>Tap again to delete the face data for good</source>
        <translation>再点一次，永久删除人脸数据</translation>
    </message>
    <message>
        <source>Delete this patient&apos;s face data</source>
        <translation>删除这位患者的人脸数据</translation>
    </message>
    <message>
        <source>Face check-in is off: %1</source>
        <translation>刷脸签到已关闭：%1</translation>
    </message>
    <message>
        <source>Face search in force: everyone enrolled (1:N), allowed up to %1 people.</source>
        <translation>当前刷脸查找方式：在全部已录入者中查找（1:N），最多允许%1人。</translation>
    </message>
    <message>
        <source>Face search in force: birthday or phone digits first, then the face among the few matching patients (1:N is allowed only up to %1 people).</source>
        <translation>当前刷脸查找方式：先输入生日或手机尾号，再在少数匹配的患者中比对面容（1:N 最多只允许%1人）。</translation>
    </message>
    <message>
        <source>The patient asked</source>
        <translation>患者本人要求</translation>
    </message>
    <message>
        <source>Wrong person enrolled</source>
        <translation>登记错了人</translation>
    </message>
    <message>
        <source>Poor photos</source>
        <translation>照片质量差</translation>
    </message>
    <message>
        <source>Patient deceased</source>
        <translation>患者已去世</translation>
    </message>
    <message>
        <source>Face check-in enrolments</source>
        <translation>刷脸签到登记</translation>
    </message>
    <message>
        <source>Patients enrolled for face check-in: %1</source>
        <translation>已登记刷脸签到的患者：%1 位</translation>
    </message>
    <message>
        <source>To delete a patient&apos;s face data, type their ID card number.</source>
        <translation>要删除患者的人脸数据，请输入其身份证号码。</translation>
    </message>
    <message>
        <source>Find the patient</source>
        <translation>查找患者</translation>
    </message>
    <message>
        <source>Why is the face data deleted?</source>
        <translation>为什么删除人脸数据？</translation>
    </message>
</context>
<context>
    <name>KioskScreen</name>
    <message>
        <source>Restarting the devices… Patients cannot use the kiosk meanwhile.</source>
        <translation>正在重启设备…期间患者不能使用本机。</translation>
    </message>
    <message>
        <source>Payment gateway</source>
        <translation>支付网关</translation>
    </message>
    <message>
        <source>Restarting: %1…</source>
        <translation>正在重启：%1…</translation>
    </message>
    <message>
        <source>restarted</source>
        <translation>已重启</translation>
    </message>
    <message>
        <source>working again (restart the program so every service uses it)</source>
        <translation>已恢复（请重启程序，让所有服务都用上它）</translation>
    </message>
    <message>
        <source>did NOT start</source>
        <translation>没有启动</translation>
    </message>
    <message>
        <source>answers</source>
        <translation>有应答</translation>
    </message>
    <message>
        <source>does NOT answer</source>
        <translation>没有应答</translation>
    </message>
    <message>
        <source>working</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>needs attention</source>
        <translation>需要处理</translation>
    </message>
    <message>
        <source>not working</source>
        <translation>不能使用</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>没有响应</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>, %1</source>
        <translation>，%1</translation>
    </message>
    <message>
        <source>Restart finished: everything works.</source>
        <translation>重启完成：一切正常。</translation>
    </message>
    <message>
        <source>Restart finished, but some parts need attention (see the Devices panel):</source>
        <translation>重启完成，但有部分需要处理（请看设备面板）：</translation>
    </message>
    <message>
        <source>The restart stopped: %1</source>
        <translation>重启中断：%1</translation>
    </message>
    <message>
        <source>Settings (secrets hidden):</source>
        <translation>设置（机密已隐藏）：</translation>
    </message>
    <message>
        <source>Database: this kiosk&apos;s own file.</source>
        <translation>数据库：本机自带的数据库文件。</translation>
    </message>
    <message>
        <source>Hospital database: answering.</source>
        <translation>医院数据库：连接正常。</translation>
    </message>
    <message>
        <source>Hospital database: NOT answering since %1. Payments, queue numbers and wheelchair rentals are paused.</source>
        <translation>医院数据库：自 %1 起无法连接。缴费、排队取号和轮椅租借暂停。</translation>
    </message>
    <message numerus="yes">
        <source>Outbox: %n row(s) waiting since %1 (audit, device events, help calls); they are sent when the database answers.</source>
        <translation>
            <numerusform>待发送：%n 条记录（审计、设备事件、呼叫）自 %1 起等待，数据库恢复后自动发送。</numerusform>
        </translation>
    </message>
    <message>
        <source>Outbox: nothing waiting.</source>
        <translation>待发送：无。</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) set aside: the database refused them; they are kept in %1.</source>
        <translation>
            <numerusform>%n 条记录被数据库拒收，已另行保存在 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>Only an administrator may close the kiosk program.</source>
        <translation>只有管理员可以关闭自助机程序。</translation>
    </message>
    <message>
        <source>Kiosk</source>
        <translation>自助机</translation>
    </message>
    <message>
        <source>OUT OF SERVICE since %1 (set by %2). Patients are sent to %3.</source>
        <translation>自 %1 起暂停服务（由 %2 设置），患者会被引导到%3。</translation>
    </message>
    <message>
        <source>Put the kiosk back in service</source>
        <translation>恢复服务</translation>
    </message>
    <message>
        <source>In service: patients can use this kiosk.</source>
        <translation>服务中：患者可以使用本机。</translation>
    </message>
    <message>
        <source>Take the kiosk out of service</source>
        <translation>暂停服务</translation>
    </message>
    <message>
        <source>Restart services (devices, payment gateway)</source>
        <translation>重启服务（设备、支付网关）</translation>
    </message>
    <message>
        <source>Show the settings</source>
        <translation>查看设置</translation>
    </message>
    <message>
        <source>Tap again to close the kiosk program</source>
        <translation>再点一次关闭自助机程序</translation>
    </message>
    <message>
        <source>Close the kiosk program</source>
        <translation>关闭自助机程序</translation>
    </message>
</context>
<context>
    <name>OutOfServiceScreen</name>
    <message>
        <source>This kiosk is out of service</source>
        <translation>本机暂停服务</translation>
    </message>
    <message>
        <source>Sorry, staff are working on this kiosk. It cannot help you now.</source>
        <translation>抱歉，工作人员正在维护本机，现在无法为您办理。</translation>
    </message>
    <message>
        <source>Please go to %1. The staff there will help you.</source>
        <translation>请到%1，那里的工作人员会帮助您。</translation>
    </message>
    <message>
        <source>Or scan this code with your phone for the hospital&apos;s page and a map.</source>
        <translation>也可以用手机扫这个码，查看医院的网页和地图。</translation>
    </message>
</context>
<context>
    <name>OverdueScreen</name>
    <message>
        <source>Your role may not see payments.</source>
        <translation>您的角色不能查看付款。</translation>
    </message>
    <message>
        <source>The list could not be loaded: %1</source>
        <translation>列表没有加载出来：%1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>%1 · %2 · overdue in the hospital&apos;s records (before the kiosk)</source>
        <translation>%1 · %2 · 医院记录中的逾期欠款（自助机启用前）</translation>
    </message>
    <message numerus="yes">
        <source>%1 · %2 · due %3 · %n day(s) overdue</source>
        <translation>
            <numerusform>%1 · %2 · 应还日 %3 · 已逾期 %n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>Overdue pay-later accounts</source>
        <translation>逾期的先诊疗后付费账户</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>No pay-later account is overdue.</source>
        <translation>没有逾期的先诊疗后付费账户。</translation>
    </message>
    <message numerus="yes">
        <source>%n overdue account(s), %1 in total.</source>
        <translation>
            <numerusform>%n 个逾期账户，共 %1。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PanelScreen</name>
    <message>
        <source>Back to the staff menu</source>
        <translation>返回维护菜单</translation>
    </message>
</context>
<context>
    <name>PaperWords</name>
    <message>
        <source>Receipt paper: none left (the printer reports it is out).</source>
        <translation>凭条纸：没有了（打印机报告缺纸）。</translation>
    </message>
    <message>
        <source>Receipt paper: not counted yet. Press “New roll put in” after the next roll change.</source>
        <translation>凭条纸：尚未计数。下次换纸卷后请按“已换新纸卷”。</translation>
    </message>
    <message>
        <source>Receipt paper: about %1 tickets left (the printer reports the roll is nearly used up).</source>
        <translation>凭条纸：约可再打 %1 张（打印机报告纸卷快用完了）。</translation>
    </message>
    <message>
        <source>Receipt paper: about %1 tickets left.</source>
        <translation>凭条纸：约可再打 %1 张。</translation>
    </message>
    <message>
        <source>Put in a new receipt roll now: patients get their tickets on screen only.</source>
        <translation>请马上换新的凭条纸卷：现在患者只能在屏幕上看号码。</translation>
    </message>
    <message>
        <source>Receipt paper is low (about %1 tickets left): put in a new roll soon.</source>
        <translation>凭条纸不多了（约 %1 张）：请尽快换新纸卷。</translation>
    </message>
</context>
<context>
    <name>PaymentsScreen</name>
    <message>
        <source>paid</source>
        <translation>已支付</translation>
    </message>
    <message>
        <source>refunded</source>
        <translation>已退款</translation>
    </message>
    <message>
        <source>to be refunded</source>
        <translation>待退款</translation>
    </message>
    <message>
        <source>waiting for the customer</source>
        <translation>等待顾客付款</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>正在发起</translation>
    </message>
    <message>
        <source>being cancelled</source>
        <translation>正在撤销</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <source>not charged</source>
        <translation>未扣款</translation>
    </message>
    <message>
        <source>%1 · %2 · %3 · order %4</source>
        <translation>%1 · %2 · %3 · 订单 %4</translation>
    </message>
    <message>
        <source>Refunded: %1</source>
        <translation>已退款：%1</translation>
    </message>
    <message>
        <source>Ask the payment platform about this order</source>
        <translation>向支付平台查询这笔订单</translation>
    </message>
    <message>
        <source>Refund another amount…</source>
        <translation>退其他金额……</translation>
    </message>
    <message>
        <source>Tap again to refund %1 to the patient</source>
        <translation>再点一次，把 %1 退还给患者</translation>
    </message>
    <message>
        <source>Refund %1 in full</source>
        <translation>全额退款 %1</translation>
    </message>
    <message numerus="yes">
        <source>Payments at this kiosk today: %n</source>
        <translation>
            <numerusform>本机今天的支付：%n 笔</numerusform>
        </translation>
    </message>
    <message>
        <source>partly refunded</source>
        <translation>部分已退款</translation>
    </message>
    <message>
        <source>Your role may not refund payments.</source>
        <translation>您的角色不能办理退款。</translation>
    </message>
    <message>
        <source>Refunding…</source>
        <translation>正在退款……</translation>
    </message>
    <message>
        <source>Refunded %1 for order %2.</source>
        <translation>已为订单 %2 退款 %1。</translation>
    </message>
    <message>
        <source>The refund did not go through: %1</source>
        <translation>退款没有成功：%1</translation>
    </message>
    <message>
        <source>Your role may not look into payments.</source>
        <translation>您的角色不能查询支付。</translation>
    </message>
    <message>
        <source>Asking the payment platform…</source>
        <translation>正在向支付平台查询……</translation>
    </message>
    <message>
        <source>The payment platform could not be asked: %1</source>
        <translation>无法查询支付平台：%1</translation>
    </message>
    <message>
        <source>Order %1 is now: %2.</source>
        <translation>订单 %1 现在是：%2。</translation>
    </message>
    <message>
        <source>Comparing the kiosk&apos;s books with the payment platform…</source>
        <translation>正在核对本机账目与支付平台……</translation>
    </message>
    <message>
        <source>%1: %2 orders checked; in %3, refunded %4, invoices %5.</source>
        <translation>%1：核对订单 %2 笔；收入 %3，退款 %4，发票 %5。</translation>
    </message>
    <message>
        <source>Everything matches.</source>
        <translation>全部一致。</translation>
    </message>
    <message>
        <source>Differences to look into:</source>
        <translation>需要核查的差异：</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>支付</translation>
    </message>
    <message>
        <source>Today&apos;s reconciliation</source>
        <translation>今日对账</translation>
    </message>
</context>
<context>
    <name>RefundScreen</name>
    <message>
        <source>Please choose the reason for the refund.</source>
        <translation>请选择退款原因。</translation>
    </message>
    <message>
        <source>A staff number has 4 to 8 digits. Please type it again.</source>
        <translation>工号是 4 到 8 位数字，请重新输入。</translation>
    </message>
    <message>
        <source>The PIN has 6 digits. Please type it again.</source>
        <translation>密码是 6 位数字，请重新输入。</translation>
    </message>
    <message>
        <source>Your role may not refund payments.</source>
        <translation>您的角色不能办理退款。</translation>
    </message>
    <message>
        <source>Refunding…</source>
        <translation>正在退款……</translation>
    </message>
    <message>
        <source>Refunded %1 for order %2.</source>
        <translation>已为订单 %2 退款 %1。</translation>
    </message>
    <message>
        <source>The refund did not go through: %1</source>
        <translation>退款没有成功：%1</translation>
    </message>
    <message>
        <source>Type the amount in yuan, for example 12.50.</source>
        <translation>请按元输入金额，例如 12.50。</translation>
    </message>
    <message>
        <source>At most %1 can still be refunded for this order.</source>
        <translation>这笔订单最多还能退 %1。</translation>
    </message>
    <message>
        <source>A second staff member must confirm this refund.</source>
        <translation>这笔退款需要另一位工作人员确认。</translation>
    </message>
    <message>
        <source>The second PIN must be from another staff member, not from you.</source>
        <translation>第二个密码必须由另一位工作人员输入，不能是您本人。</translation>
    </message>
    <message>
        <source>The second staff number or PIN is not right (or it is locked). Nothing was refunded.</source>
        <translation>第二位工作人员的工号或密码不对（或已被锁定），没有退款。</translation>
    </message>
    <message>
        <source>Only finance staff or an administrator can confirm a refund.</source>
        <translation>只有财务人员或管理员可以确认退款。</translation>
    </message>
    <message>
        <source>Back to payments</source>
        <translation>返回支付</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Order %1: paid %2, can still be refunded %3.</source>
        <translation>订单 %1：已付 %2，还可退 %3。</translation>
    </message>
    <message>
        <source>Type the amount to refund in yuan. Above %1 a second staff member confirms with their PIN.</source>
        <translation>请按元输入退款金额。超过 %1 需要另一位工作人员输入密码确认。</translation>
    </message>
    <message>
        <source>%1 is more than %2: a second finance or admin staff member, please type your staff number.</source>
        <translation>%1 超过了 %2：请另一位财务人员或管理员输入工号。</translation>
    </message>
    <message>
        <source>Staff number %1: type your 6-digit PIN to confirm the refund.</source>
        <translation>工号 %1：请输入 6 位密码确认退款。</translation>
    </message>
    <message>
        <source>The whole amount</source>
        <translation>全部金额</translation>
    </message>
    <message>
        <source>Why is it refunded?</source>
        <translation>为什么退款？</translation>
    </message>
    <message>
        <source>The patient asked</source>
        <translation>患者本人要求</translation>
    </message>
    <message>
        <source>Charged twice</source>
        <translation>重复扣款</translation>
    </message>
    <message>
        <source>Service not given</source>
        <translation>未提供服务</translation>
    </message>
    <message>
        <source>Wrong amount</source>
        <translation>金额有误</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>原因：%1</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
</context>
<context>
    <name>SoundScreen</name>
    <message>
        <source>Your role may not change the volume.</source>
        <translation>您的角色无权更改音量。</translation>
    </message>
    <message>
        <source>The volume could not be saved. Please try again.</source>
        <translation>音量未能保存，请再试一次。</translation>
    </message>
    <message>
        <source>This is how loud the kiosk speaks.</source>
        <translation>自助机现在就用这个音量说话。</translation>
    </message>
    <message>
        <source>Sound</source>
        <translation>声音</translation>
    </message>
    <message>
        <source>Volume: %1 of 100</source>
        <translation>音量：%1（最大 100）</translation>
    </message>
    <message>
        <source>Quieter</source>
        <translation>小声一点</translation>
    </message>
    <message>
        <source>Louder</source>
        <translation>大声一点</translation>
    </message>
    <message>
        <source>Say a test sentence</source>
        <translation>说一句测试语音</translation>
    </message>
    <message>
        <source>Play the call-staff chime</source>
        <translation>播放呼叫工作人员提示音</translation>
    </message>
    <message>
        <source>Sound: volume and chime</source>
        <translation>声音：音量和提示音</translation>
    </message>
</context>
<context>
    <name>StaffAccountFormScreen</name>
    <message>
        <source>Please choose the role.</source>
        <translation>请选择角色。</translation>
    </message>
    <message>
        <source>The PIN has 6 digits. Please type it again.</source>
        <translation>密码为 6 位数字，请重新输入。</translation>
    </message>
    <message>
        <source>Staff number %1 was added and can sign in now.</source>
        <translation>已添加工号 %1，现在可以登录。</translation>
    </message>
    <message>
        <source>Staff number %1 has a new PIN (and is unlocked).</source>
        <translation>工号 %1 已设置新密码（并已解锁）。</translation>
    </message>
    <message>
        <source>Only an administrator may manage staff accounts.</source>
        <translation>只有管理员可以管理员工账号。</translation>
    </message>
    <message>
        <source>Nothing was saved: %1</source>
        <translation>没有保存：%1</translation>
    </message>
    <message>
        <source>Back to staff accounts</source>
        <translation>返回员工账号</translation>
    </message>
    <message>
        <source>Add a staff member</source>
        <translation>添加员工</translation>
    </message>
    <message>
        <source>New PIN</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>Type the new staff number (4 to 8 digits).</source>
        <translation>请输入新的工号（4 到 8 位数字）。</translation>
    </message>
    <message>
        <source>Type the name with the keyboard, then choose the role.</source>
        <translation>请用键盘输入姓名，然后选择角色。</translation>
    </message>
    <message>
        <source>Staff number %1: type a 6-digit PIN. Do not use one digit repeated or a run like 123456.</source>
        <translation>工号 %1：请输入 6 位密码。不要用同一个数字重复，也不要用 123456 这样的连续数字。</translation>
    </message>
    <message>
        <source>Type the same PIN again.</source>
        <translation>请再输入一次同样的密码。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role: %1</source>
        <translation>角色：%1</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
</context>
<context>
    <name>StaffAccounts</name>
    <message>
        <source>technician</source>
        <translation>技术员</translation>
    </message>
    <message>
        <source>finance</source>
        <translation>财务</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>You cannot change or deactivate your own account. Ask another administrator.</source>
        <translation>不能修改或停用自己的账号，请找另一位管理员。</translation>
    </message>
    <message>
        <source>This is the last active administrator; add another administrator first.</source>
        <translation>这是最后一位在用的管理员，请先添加另一位管理员。</translation>
    </message>
    <message>
        <source>The two PINs are not the same. Please type the PIN again.</source>
        <translation>两次输入的密码不一样，请重新输入密码。</translation>
    </message>
    <message>
        <source>Choose a 6-digit PIN that is not one digit repeated or a run like 123456.</source>
        <translation>请选择 6 位密码，不要用同一个数字重复，也不要用 123456 这样的连续数字。</translation>
    </message>
    <message>
        <source>A staff number has 4 to 8 digits. Please type it again.</source>
        <translation>工号为 4 到 8 位数字，请重新输入。</translation>
    </message>
    <message>
        <source>Please type the staff member&apos;s name (at most 40 characters).</source>
        <translation>请输入员工姓名（最多 40 个字）。</translation>
    </message>
    <message>
        <source>This staff number is already taken; choose another one.</source>
        <translation>这个工号已被使用，请换一个。</translation>
    </message>
</context>
<context>
    <name>StaffAccountsScreen</name>
    <message>
        <source>LOCKED until %1</source>
        <translation>已锁定，到 %1 解锁</translation>
    </message>
    <message>
        <source>active</source>
        <translation>在用</translation>
    </message>
    <message>
        <source>deactivated</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>%1 · %2 · %3 · %4</source>
        <translation>%1 · %2 · %3 · %4</translation>
    </message>
    <message>
        <source>This is you.</source>
        <translation>这是您本人。</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <source>Make %1</source>
        <translation>改为%1</translation>
    </message>
    <message>
        <source>New PIN</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Reactivate</source>
        <translation>重新启用</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>收起</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Saved for staff number %1.</source>
        <translation>工号 %1 已保存。</translation>
    </message>
    <message>
        <source>Only an administrator may manage staff accounts.</source>
        <translation>只有管理员可以管理员工账号。</translation>
    </message>
    <message>
        <source>Nothing was changed: %1</source>
        <translation>没有修改：%1</translation>
    </message>
    <message>
        <source>Staff accounts</source>
        <translation>员工账号</translation>
    </message>
    <message>
        <source>Add a staff member</source>
        <translation>添加员工</translation>
    </message>
</context>
<context>
    <name>StaffMenuScreen</name>
    <message numerus="yes">
        <source>Patients asking for help: %n</source>
        <translation>
            <numerusform>正在求助的患者：%n 位</numerusform>
        </translation>
    </message>
    <message>
        <source>A patient pressed “call staff” at kiosk %3 at %1 (screen: %2).</source>
        <translation>%1 有患者在自助机 %3 按了“呼叫工作人员”（界面：%2）。</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已处理</translation>
    </message>
    <message>
        <source>Maintenance</source>
        <translation>维护</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>technician</source>
        <translation>技术员</translation>
    </message>
    <message>
        <source>finance</source>
        <translation>财务</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Signed in: %1 (%2), staff number %3</source>
        <translation>已登录：%1（%2），工号 %3</translation>
    </message>
    <message>
        <source>This kiosk is OUT OF SERVICE: patients are sent to %1.</source>
        <translation>本机已暂停服务：患者会被引导到%1。</translation>
    </message>
    <message>
        <source>Devices and self-tests</source>
        <translation>设备与自检</translation>
    </message>
    <message>
        <source>Paper and reprints</source>
        <translation>纸张与补打</translation>
    </message>
    <message>
        <source>Payments and refunds</source>
        <translation>支付与退款</translation>
    </message>
    <message>
        <source>Wheelchairs and labels</source>
        <translation>轮椅与标签</translation>
    </message>
    <message>
        <source>Face check-in enrolments</source>
        <translation>刷脸签到登记</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>Staff accounts</source>
        <translation>员工账号</translation>
    </message>
    <message>
        <source>Overdue pay-later accounts</source>
        <translation>逾期的先诊疗后付费账户</translation>
    </message>
    <message>
        <source>Kiosk: out of service, settings, exit</source>
        <translation>自助机：暂停服务、设置、退出</translation>
    </message>
</context>
<context>
    <name>StaffSignInScreen</name>
    <message>
        <source>A staff number has 4 to 8 digits. Please type it again.</source>
        <translation>工号是 4 到 8 位数字，请重新输入。</translation>
    </message>
    <message>
        <source>The PIN has 6 digits. Please type it again.</source>
        <translation>密码是 6 位数字，请重新输入。</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在核对……</translation>
    </message>
    <message>
        <source>The PIN could not be checked. Please try again, or sign in at another kiosk.</source>
        <translation>密码暂时无法核对，请再试一次，或到另一台自助机登录。</translation>
    </message>
    <message>
        <source>Staff number %1 is locked after too many wrong PINs. Try again after %2, or ask an administrator to set a new PIN.</source>
        <translation>工号 %1 因密码错误次数过多已被锁定。请在 %2 之后再试，或请管理员重设密码。</translation>
    </message>
    <message>
        <source>This staff account is switched off. Please ask an administrator.</source>
        <translation>这个工作人员账号已停用，请联系管理员。</translation>
    </message>
    <message numerus="yes">
        <source>The staff number or the PIN is not right. %n more wrong PIN(s) will lock this number.</source>
        <translation>
            <numerusform>工号或密码不对。再错 %n 次，这个工号将被锁定。</numerusform>
        </translation>
    </message>
    <message>
        <source>This code is not a staff badge. Please type your staff number.</source>
        <translation>这不是工作证二维码，请输入您的工号。</translation>
    </message>
    <message>
        <source>Staff sign-in</source>
        <translation>工作人员登录</translation>
    </message>
    <message>
        <source>Type your staff number, or hold your staff badge under the code scanner.</source>
        <translation>请输入工号，或把工作证放到扫码器下。</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Staff number %1: type your 6-digit PIN.</source>
        <translation>工号 %1：请输入 6 位密码。</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
</context>
<context>
    <name>WheelchairsScreen</name>
    <message>
        <source>available</source>
        <translation>可借用</translation>
    </message>
    <message>
        <source>rented</source>
        <translation>已借出</translation>
    </message>
    <message>
        <source>at a patient&apos;s home</source>
        <translation>在患者家中</translation>
    </message>
    <message>
        <source>OVERDUE: not returned in time</source>
        <translation>逾期：没有按时归还</translation>
    </message>
    <message>
        <source>in maintenance</source>
        <translation>维修中</translation>
    </message>
    <message>
        <source>being disinfected</source>
        <translation>消毒中</translation>
    </message>
    <message>
        <source>LOST</source>
        <translation>丢失</translation>
    </message>
    <message>
        <source>Maintenance</source>
        <translation>维修</translation>
    </message>
    <message>
        <source>Disinfection</source>
        <translation>消毒</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>可借用</translation>
    </message>
    <message>
        <source>%1 · %2 · since %3</source>
        <translation>%1 · %2 · 自 %3 起</translation>
    </message>
    <message>
        <source>%1 chairs: %2 available, %3 overdue, %4 lost.</source>
        <translation>共 %1 辆轮椅：%2 辆可借用，%3 辆逾期，%4 辆丢失。</translation>
    </message>
    <message>
        <source>Chair %1 is now: %2.</source>
        <translation>轮椅 %1 现在是：%2。</translation>
    </message>
    <message>
        <source>The chair&apos;s state was not changed: %1</source>
        <translation>轮椅状态没有改变：%1</translation>
    </message>
    <message>
        <source>Your role may not change wheelchairs.</source>
        <translation>您的角色不能更改轮椅状态。</translation>
    </message>
    <message>
        <source>Printing the label sheet…</source>
        <translation>正在打印标签页……</translation>
    </message>
    <message numerus="yes">
        <source>The label sheet went to the A4 printer (%n chair(s)).</source>
        <translation>
            <numerusform>标签页已发送到 A4 打印机（%n 辆轮椅）。</numerusform>
        </translation>
    </message>
    <message>
        <source>The label sheet did not print: %1. Check the A4 printer on the Devices panel.</source>
        <translation>标签页没有打印出来：%1。请在“设备”面板检查 A4 打印机。</translation>
    </message>
    <message>
        <source>Wheelchairs</source>
        <translation>轮椅</translation>
    </message>
    <message>
        <source>Print QR labels for all chairs (A4)</source>
        <translation>打印所有轮椅的二维码标签（A4）</translation>
    </message>
</context>
</TS>
