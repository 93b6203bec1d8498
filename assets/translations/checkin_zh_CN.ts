<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CheckInScreen</name>
    <message>
        <location filename="../../ui/checkin/visit.py" line="135"/>
        <source>Call staff</source>
        <translation>呼叫工作人员</translation>
    </message>
    <message>
        <location filename="../../ui/checkin/visit.py" line="140"/>
        <source>Check-in did not work</source>
        <translation>签到没有成功</translation>
    </message>
    <message>
        <location filename="../../ui/checkin/visit.py" line="141"/>
        <source>Please go to %1; the staff there can check you in.</source>
        <translation>请到%1，工作人员会帮您签到。</translation>
    </message>
    <message>
        <location filename="../../ui/checkin/visit.py" line="143"/>
        <source>Check in</source>
        <translation>签到</translation>
    </message>
    <message>
        <location filename="../../ui/checkin/visit.py" line="144"/>
        <source>One moment, please…</source>
        <translation>请稍等…</translation>
    </message>
    <message>
        <location filename="../../ui/checkin/visit.py" line="146"/>
        <location filename="../../ui/checkin/visit.py" line="150"/>
        <source>Hello, %1</source>
        <translation>您好，%1</translation>
    </message>
    <message>
        <location filename="../../ui/checkin/visit.py" line="147"/>
        <source>You have no appointment today. To register for a doctor today, please go to %1, or press the button and a member of staff will come.</source>
        <translation>您今天没有预约。如需当天挂号，请到%1，或按下按钮，工作人员会过来帮您。</translation>
    </message>
    <message>
        <location filename="../../ui/checkin/visit.py" line="151"/>
        <source>Which appointment are you here for? Press it to check in.</source>
        <translation>您今天来看哪个预约？请按一下签到。</translation>
    </message>
    <message>
        <location filename="../../ui/checkin/visit.py" line="157"/>
        <source>%1 %2 — checked in, show my number</source>
        <translation>%1 %2 — 已签到，查看我的号码</translation>
    </message>
    <message>
        <location filename="../../ui/checkin/visit.py" line="159"/>
        <source>%1 %2, %3</source>
        <translation>%1 %2，%3</translation>
    </message>
</context>
<context>
    <name>FaceStepScreen</name>
    <message>
        <location filename="../../ui/checkin/face_step.py" line="182"/>
        <source>Thank you. Finding your details…</source>
        <translation>谢谢，正在查找您的信息…</translation>
    </message>
    <message>
        <location filename="../../ui/checkin/face_step.py" line="193"/>
        <source>Thank you. Please keep looking at the camera.</source>
        <translation>谢谢，请继续看着摄像头。</translation>
    </message>
    <message>
        <location filename="../../ui/checkin/face_step.py" line="202"/>
        <source>We could not see you move. Let us try once more.</source>
        <translation>没有看到您的动作，我们再试一次。</translation>
    </message>
    <message>
        <location filename="../../ui/checkin/face_step.py" line="203"/>
        <source>We could not find you by your face. Let us try once more.</source>
        <translation>没有通过人脸找到您，我们再试一次。</translation>
    </message>
    <message>
        <location filename="../../ui/checkin/face_step.py" line="219"/>
        <location filename="../../ui/checkin/face_step.py" line="235"/>
        <source>Good. Please hold still.</source>
        <translation>很好，请保持不动。</translation>
    </message>
    <message>
        <location filename="../../ui/checkin/face_step.py" line="220"/>
        <source>The camera sees nothing. Is something covering it?</source>
        <translation>摄像头什么也看不到，是不是被挡住了？</translation>
    </message>
    <message>
        <location filename="../../ui/checkin/face_step.py" line="221"/>
        <source>Please stand in front of the screen and look at the camera.</source>
        <translation>请站在屏幕前，看着摄像头。</translation>
    </message>
    <message>
        <location filename="../../ui/checkin/face_step.py" line="222"/>
        <source>One person at a time, please.</source>
        <translation>请一次一个人。</translation>
    </message>
    <message>
        <location filename="../../ui/checkin/face_step.py" line="223"/>
        <source>Please come a little closer.</source>
        <translation>请再靠近一点。</translation>
    </message>
    <message>
        <location filename="../../ui/checkin/face_step.py" line="224"/>
        <source>Please step back a little.</source>
        <translation>请稍微后退一点。</translation>
    </message>
    <message>
        <location filename="../../ui/checkin/face_step.py" line="225"/>
        <source>Please move so that your face is inside the oval.</source>
        <translation>请移动一下，让脸在椭圆框里。</translation>
    </message>
    <message>
        <location filename="../../ui/checkin/face_step.py" line="226"/>
        <source>It is too dark to see your face. Please face the light.</source>
        <translation>光线太暗，看不清您的脸，请面向亮处。</translation>
    </message>
    <message>
        <location filename="../../ui/checkin/face_step.py" line="227"/>
        <source>There is too much light on your face. Please move a little.</source>
        <translation>您脸上的光太强了，请稍微挪动一下。</translation>
    </message>
    <message>
        <location filename="../../ui/checkin/face_step.py" line="228"/>
        <source>Please hold still for a moment.</source>
        <translation>请保持不动一会儿。</translation>
    </message>
    <message>
        <location filename="../../ui/checkin/face_step.py" line="229"/>
        <source>Please look straight at the camera.</source>
        <translation>请正对摄像头。</translation>
    </message>
    <message>
        <location filename="../../ui/checkin/face_step.py" line="237"/>
        <source>Now please blink your eyes slowly.</source>
        <translation>现在请慢慢眨一下眼睛。</translation>
    </message>
    <message>
        <location filename="../../ui/checkin/face_step.py" line="239"/>
        <source>Now please turn your head slowly to your left.</source>
        <translation>现在请慢慢把头转向您的左边。</translation>
    </message>
    <message>
        <location filename="../../ui/checkin/face_step.py" line="240"/>
        <source>Now please turn your head slowly to your right.</source>
        <translation>现在请慢慢把头转向您的右边。</translation>
    </message>
    <message>
        <location filename="../../ui/checkin/face_step.py" line="244"/>
        <source>Please look at the camera</source>
        <translation>请看摄像头</translation>
    </message>
    <message>
        <location filename="../../ui/checkin/face_step.py" line="245"/>
        <location filename="../../ui/checkin/face_step.py" line="246"/>
        <source>Use another way</source>
        <translation>换一种方式</translation>
    </message>
    <message>
        <location filename="../../ui/checkin/face_step.py" line="248"/>
        <source>Face check-in is not set up for you here. Please use another way, or go to %1.</source>
        <translation>这里还不能用刷脸签到。请换一种方式，或到%1。</translation>
    </message>
    <message>
        <location filename="../../ui/checkin/face_step.py" line="249"/>
        <source>The camera is not working right now. Please use another way, or go to %1.</source>
        <translation>摄像头现在不能用。请换一种方式，或到%1。</translation>
    </message>
    <message>
        <location filename="../../ui/checkin/face_step.py" line="266"/>
        <source>Please look at the camera.</source>
        <translation>请看摄像头。</translation>
    </message>
</context>
<context>
    <name>TicketScreen</name>
    <message>
        <location filename="../../ui/checkin/ticket.py" line="115"/>
        <source>Your visit today</source>
        <translation>您今天的就诊</translation>
    </message>
    <message>
        <location filename="../../ui/checkin/ticket.py" line="116"/>
        <source>My other appointments</source>
        <translation>我的其他预约</translation>
    </message>
    <message>
        <location filename="../../ui/checkin/ticket.py" line="117"/>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../ui/checkin/ticket.py" line="118"/>
        <source>Your number</source>
        <translation>您的号码</translation>
    </message>
    <message>
        <location filename="../../ui/checkin/ticket.py" line="128"/>
        <source>No. %1</source>
        <translation>%1号</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/checkin/ticket.py" line="130"/>
        <source>People ahead of you: %n</source>
        <translation>
            <numerusform>前面还有 %n 人</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/checkin/ticket.py" line="132"/>
        <source>Please take your ticket from the slot below.</source>
        <translation>请从下方出票口取走您的号票。</translation>
    </message>
    <message>
        <location filename="../../ui/checkin/ticket.py" line="134"/>
        <source>The printer has no paper. Please take a photo of this code, or remember your number. A paper copy is available at %1.</source>
        <translation>打印机没有纸了。请拍下这个二维码，或记住您的号码。纸质号票可到%1领取。</translation>
    </message>
    <message>
        <location filename="../../ui/checkin/ticket.py" line="136"/>
        <source>Now: go to %1, %2, and wait until your number is called.</source>
        <translation>现在：请到%1（%2）等候叫号。</translation>
    </message>
    <message>
        <location filename="../../ui/checkin/ticket.py" line="141"/>
        <source>After the doctor: %1.</source>
        <translation>看完医生后：%1。</translation>
    </message>
    <message>
        <location filename="../../ui/checkin/ticket.py" line="143"/>
        <source>After the doctor: the doctor will tell you what comes next.</source>
        <translation>看完医生后：医生会告诉您下一步。</translation>
    </message>
    <message>
        <location filename="../../ui/checkin/ticket.py" line="144"/>
        <source>Still to pay: %1. You can pay at this kiosk.</source>
        <translation>还需缴费：%1。可以在本机缴费。</translation>
    </message>
    <message>
        <location filename="../../ui/checkin/ticket.py" line="145"/>
        <source>Nothing is left to pay.</source>
        <translation>没有需要缴的费用。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/checkin/ticket.py" line="147"/>
        <source>More appointments today: %n</source>
        <translation>
            <numerusform>您今天还有 %n 个预约</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/checkin/ticket.py" line="154"/>
        <source>Your number is %1. %2</source>
        <translation>您的号码是 %1。%2</translation>
    </message>
</context>
</TS>
