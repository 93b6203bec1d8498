<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>DemoPanel</name>
    <message>
        <source>What happens here reaches the kiosk as if a person did it at the device.</source>
        <translation>这里的操作会像有人在设备前操作一样传给自助机。</translation>
    </message>
    <message>
        <source>%1&apos;s ID card is on the reader.</source>
        <translation>%1 的身份证已放在读卡器上。</translation>
    </message>
    <message>
        <source>The reader is empty.</source>
        <translation>读卡器上没有卡。</translation>
    </message>
    <message>
        <source>%1&apos;s insurance e-code was shown to the scanner.</source>
        <translation>已向扫码口出示 %1 的医保电子凭证。</translation>
    </message>
    <message>
        <source>The %1 payment code could not be made.</source>
        <translation>没能生成%1付款码。</translation>
    </message>
    <message>
        <source>A %1 payment code was shown to the scanner.</source>
        <translation>已向扫码口出示%1付款码。</translation>
    </message>
    <message>
        <source>No chair is unlocked: rent one at the kiosk first.</source>
        <translation>没有已开锁的轮椅：请先在自助机上租用一辆。</translation>
    </message>
    <message>
        <source>A chair was taken out of its slot.</source>
        <translation>一辆轮椅已从车位取出。</translation>
    </message>
    <message>
        <source>Every chair is in the dock already.</source>
        <translation>所有轮椅都已在车位上。</translation>
    </message>
    <message>
        <source>A chair was pushed back into an empty slot.</source>
        <translation>一辆轮椅已推回空车位。</translation>
    </message>
    <message>
        <source>Demo: the person at the devices</source>
        <translation>演示：设备前的人</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Put an ID card on the reader:</source>
        <translation>把身份证放在读卡器上：</translation>
    </message>
    <message>
        <source>Show an insurance e-code or a payment code to the scanner:</source>
        <translation>向扫码口出示医保电子凭证或付款码：</translation>
    </message>
    <message>
        <source>Show an insurance e-code to the scanner:</source>
        <translation>向扫码口出示医保电子凭证：</translation>
    </message>
    <message>
        <source>%1 code</source>
        <translation>%1付款码</translation>
    </message>
    <message>
        <source>At the wheelchair dock:</source>
        <translation>在轮椅停放桩：</translation>
    </message>
    <message>
        <source>%1 (new to the hospital)</source>
        <translation>%1（初次来院）</translation>
    </message>
    <message>
        <source>%1 (expired card)</source>
        <translation>%1（身份证已过期）</translation>
    </message>
    <message>
        <source>Take the card off</source>
        <translation>把卡拿走</translation>
    </message>
    <message>
        <source>Take the unlocked chair out</source>
        <translation>取出已开锁的轮椅</translation>
    </message>
    <message>
        <source>Push a chair back in</source>
        <translation>把轮椅推回</translation>
    </message>
</context>
</TS>
