<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>HelpScreen</name>
    <message>
        <source>Calling staff…</source>
        <translation>正在呼叫工作人员……</translation>
    </message>
    <message>
        <source>Staff have been called on their screens and phones. Please wait here.</source>
        <translation>已在工作人员的屏幕和手机上呼叫。请在这里稍等。</translation>
    </message>
    <message>
        <source>Staff see your call on their screens; the message to their phones failed. Please wait here.</source>
        <translation>工作人员的屏幕上已显示您的呼叫；发到手机的消息没有发送成功。请在这里稍等。</translation>
    </message>
    <message>
        <source>Staff have been called on their screens. Please wait here.</source>
        <translation>已在工作人员的屏幕上呼叫。请在这里稍等。</translation>
    </message>
    <message>
        <source>Staff have been called on their phones. Please wait here.</source>
        <translation>已在工作人员的手机上呼叫。请在这里稍等。</translation>
    </message>
    <message>
        <source>Your call did not go through. Please go to %1.</source>
        <translation>您的呼叫没有发送成功。请到%1。</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>帮助</translation>
    </message>
    <message>
        <source>A member of staff can come to this kiosk and help you. Press the button and stay here.</source>
        <translation>工作人员可以到这台自助机旁帮助您。请按下按钮，在这里稍等。</translation>
    </message>
    <message>
        <source>You can also go to %1.</source>
        <translation>您也可以前往%1。</translation>
    </message>
    <message>
        <source>Call staff</source>
        <translation>呼叫工作人员</translation>
    </message>
    <message>
        <source>To call a member of staff, press the big blue button.</source>
        <translation>如需呼叫工作人员，请按蓝色大按钮。</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>Hello! What would you like to do?</source>
        <translation>您好！请问您要办理什么？</translation>
    </message>
    <message>
        <source>Touch a big button below.</source>
        <translation>请点下面的大按钮。</translation>
    </message>
    <message>
        <source>Check in</source>
        <translation>刷脸签到</translation>
    </message>
    <message>
        <source>Wheelchair</source>
        <translation>轮椅租借</translation>
    </message>
    <message>
        <source>Pay</source>
        <translation>缴费</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>帮助</translation>
    </message>
    <message>
        <source>Hello! Touch a big button: check in, wheelchair, pay, or help.</source>
        <translation>您好！请点大按钮：刷脸签到、轮椅租借、缴费或帮助。</translation>
    </message>
</context>
<context>
    <name>IdleOverlay</name>
    <message numerus="yes">
        <source>If you do nothing, the kiosk will return to the start in %n second(s) and forget your details.</source>
        <translation>
            <numerusform>如果您不操作，自助机将在 %n 秒后返回首页，并清除您的信息。</numerusform>
        </translation>
    </message>
    <message>
        <source>Are you still there?</source>
        <translation>您还在吗？</translation>
    </message>
    <message>
        <source>I need more time</source>
        <translation>我需要更多时间</translation>
    </message>
    <message>
        <source>Finish now</source>
        <translation>现在结束</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>All buttons are now in the lower part of the screen.</source>
        <translation>所有按钮已经移到屏幕下方。</translation>
    </message>
    <message>
        <source>The buttons are back in their usual places.</source>
        <translation>按钮已经回到原来的位置。</translation>
    </message>
    <message>
        <source>Back to start</source>
        <translation>返回首页</translation>
    </message>
    <message>
        <source>Say it again</source>
        <translation>再说一遍</translation>
    </message>
    <message>
        <source>Call staff</source>
        <translation>呼叫工作人员</translation>
    </message>
    <message>
        <source>Low reach: on</source>
        <translation>低位操作：已开</translation>
    </message>
    <message>
        <source>Low reach</source>
        <translation>低位操作</translation>
    </message>
    <message>
        <source>Wheelchair users: all buttons in the lower part of the screen</source>
        <translation>坐轮椅的朋友：所有按钮移到屏幕下方</translation>
    </message>
    <message>
        <source>SIMULATED DEVICES — demonstration only: nothing is really printed, unlocked or paid</source>
        <translation>模拟设备 — 仅供演示：不会真的打印、开锁或扣款</translation>
    </message>
    <message>
        <source>Face check-in is not working right now.</source>
        <translation>刷脸签到暂时不能使用。</translation>
    </message>
    <message>
        <source>The ticket printer is not working right now.</source>
        <translation>凭条打印机暂时不能使用。</translation>
    </message>
    <message>
        <source>The A4 printer is not working right now.</source>
        <translation>A4 打印机暂时不能使用。</translation>
    </message>
    <message>
        <source>The code scanner is not working right now.</source>
        <translation>扫码器暂时不能使用。</translation>
    </message>
    <message>
        <source>Wheelchairs cannot be taken from this kiosk right now.</source>
        <translation>这台自助机暂时不能借出轮椅。</translation>
    </message>
    <message>
        <source>Spoken guidance is not working right now.</source>
        <translation>语音提示暂时不能使用。</translation>
    </message>
    <message>
        <source>The ID card reader is not working right now: please use another way.</source>
        <translation>身份证读卡器暂时不能使用，请用其他方式。</translation>
    </message>
    <message>
        <source>If you need it, please go to %1.</source>
        <translation>如有需要，请前往%1。</translation>
    </message>
    <message>
        <source>The hospital&apos;s system cannot be reached: payments, queue numbers and wheelchair rentals are paused. If you need them, please go to %1.</source>
        <translation>无法连接医院系统：缴费、排队取号和轮椅租借暂停。如需办理，请前往%1。</translation>
    </message>
</context>
<context>
    <name>ServiceUnavailableScreen</name>
    <message>
        <source>Check in</source>
        <translation>刷脸签到</translation>
    </message>
    <message>
        <source>Wheelchair</source>
        <translation>轮椅租借</translation>
    </message>
    <message>
        <source>Pay</source>
        <translation>缴费</translation>
    </message>
    <message>
        <source>The hospital&apos;s system cannot be reached at the moment: payments, queue numbers and wheelchair rentals are paused.</source>
        <translation>目前无法连接医院系统：缴费、排队取号和轮椅租借暂停。</translation>
    </message>
    <message>
        <source>Sorry, this kiosk cannot do this for you at the moment.</source>
        <translation>抱歉，这台自助机暂时不能为您办理这项业务。</translation>
    </message>
    <message>
        <source>Please go to %1. The staff there will help you.</source>
        <translation>请前往%1，那里的工作人员会帮助您。</translation>
    </message>
</context>
<context>
    <name>WaitingForDatabaseScreen</name>
    <message>
        <source>This kiosk is not ready yet</source>
        <translation>本机暂时不能使用</translation>
    </message>
    <message>
        <source>It is waiting for the hospital&apos;s network.</source>
        <translation>正在等待连接医院网络。</translation>
    </message>
    <message>
        <source>Please use another kiosk, or go to %1.</source>
        <translation>请使用其他自助机，或前往%1办理。</translation>
    </message>
    <message>
        <source>For staff: the hospital database cannot be reached since %1 (tries so far: %2, the last at %3). This kiosk tries again every %4 seconds by itself and starts as soon as the database answers.</source>
        <translation>工作人员请注意：自 %1 起无法连接医院数据库（已尝试 %2 次，最近一次 %3）。本机每 %4 秒自动重试，数据库恢复后自动启动。</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>原因：%1</translation>
    </message>
</context>
</TS>
