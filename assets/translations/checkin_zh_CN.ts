<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CheckInScreen</name>
    <message>
        <source>midnight</source>
        <translation>零点</translation>
    </message>
    <message>
        <source>It is too early to check in for your %1 appointment. Check-in opens at %2; please come back then.</source>
        <translation>您 %1 的预约现在签到还太早。签到从 %2 开始，请到时再来。</translation>
    </message>
    <message>
        <source>Your %1 appointment was too long ago to check in at this kiosk. Please go to %2.</source>
        <translation>您 %1 的预约已过去太久，不能在自助机签到。请到%2。</translation>
    </message>
    <message>
        <source>Check-in is not possible for this appointment now. Please go to %1.</source>
        <translation>这个预约现在不能签到。请到%1。</translation>
    </message>
    <message>
        <source>Call staff</source>
        <translation>呼叫工作人员</translation>
    </message>
    <message>
        <source>Register for another department</source>
        <translation>挂其他科室的号</translation>
    </message>
    <message>
        <source>Check-in did not work</source>
        <translation>签到没有成功</translation>
    </message>
    <message>
        <source>Please go to %1; the staff there can check you in.</source>
        <translation>请到%1，工作人员会帮您签到。</translation>
    </message>
    <message>
        <source>The hospital system cannot be reached right now</source>
        <translation>医院系统暂时连不上</translation>
    </message>
    <message>
        <source>Check in</source>
        <translation>签到</translation>
    </message>
    <message>
        <source>One moment, please…</source>
        <translation>请稍等…</translation>
    </message>
    <message>
        <source>Hello, %1</source>
        <translation>您好，%1</translation>
    </message>
    <message>
        <source>You have no appointment today. To register for a doctor today, please go to %1, or press the button and a member of staff will come.</source>
        <translation>您今天没有预约。如需当天挂号，请到%1，或按下按钮，工作人员会过来帮您。</translation>
    </message>
    <message>
        <source>Which appointment are you here for? Press it to check in.</source>
        <translation>您今天来看哪个预约？请按一下签到。</translation>
    </message>
    <message>
        <source>%1 %2 — checked in, show my number</source>
        <translation>%1 %2 — 已签到，查看我的号码</translation>
    </message>
    <message>
        <source>%1 %2 — too early to check in</source>
        <translation>%1 %2 — 签到还太早</translation>
    </message>
    <message>
        <source>%1 %2 — too late to check in here</source>
        <translation>%1 %2 — 已过签到时间</translation>
    </message>
    <message>
        <source>%1 %2, %3</source>
        <translation>%1 %2，%3</translation>
    </message>
</context>
<context>
    <name>EnrolCaptureScreen</name>
    <message>
        <source>Good. Please hold still while we take a few pictures.</source>
        <translation>很好，请保持不动，我们拍几张。</translation>
    </message>
    <message>
        <source>Good. Please hold still.</source>
        <translation>很好，请保持不动。</translation>
    </message>
    <message>
        <source>The camera sees nothing. Is something covering it?</source>
        <translation>摄像头什么也看不到，是不是被挡住了？</translation>
    </message>
    <message>
        <source>Please look at the camera and keep your face inside the oval.</source>
        <translation>请看摄像头，让脸保持在椭圆框里。</translation>
    </message>
    <message>
        <source>One person at a time, please.</source>
        <translation>请一次一个人。</translation>
    </message>
    <message>
        <source>Please come a little closer.</source>
        <translation>请再靠近一点。</translation>
    </message>
    <message>
        <source>Please step back a little.</source>
        <translation>请稍微后退一点。</translation>
    </message>
    <message>
        <source>Please move so that your face is inside the oval.</source>
        <translation>请移动一下，让脸在椭圆框里。</translation>
    </message>
    <message>
        <source>It is too dark to see your face. Please face the light.</source>
        <translation>光线太暗，看不清您的脸，请面向亮处。</translation>
    </message>
    <message>
        <source>There is too much light on your face. Please move a little.</source>
        <translation>您脸上的光太强了，请稍微挪动一下。</translation>
    </message>
    <message>
        <source>Please hold still for a moment.</source>
        <translation>请保持不动一会儿。</translation>
    </message>
    <message>
        <source>Please look straight at the camera.</source>
        <translation>请正对摄像头。</translation>
    </message>
    <message>
        <source>Good. Hold it there for a moment.</source>
        <translation>很好，请保持这个姿势一会儿。</translation>
    </message>
    <message>
        <source>Now please blink your eyes slowly.</source>
        <translation>现在请慢慢眨一下眼睛。</translation>
    </message>
    <message>
        <source>The other way, please. Look at the camera, then turn the other way slowly.</source>
        <translation>方向反了。请先看着摄像头，再慢慢向另一边转头。</translation>
    </message>
    <message>
        <source>Now please turn your head slowly to your left.</source>
        <translation>现在请慢慢把头转向您的左边。</translation>
    </message>
    <message>
        <source>Now please turn your head slowly to your right.</source>
        <translation>现在请慢慢把头转向您的右边。</translation>
    </message>
    <message>
        <source>Stop — back to maintenance</source>
        <translation>停止——返回维护</translation>
    </message>
    <message>
        <source>Stop — continue without face check-in</source>
        <translation>不录了，直接签到</translation>
    </message>
    <message>
        <source>Continue to my check-in</source>
        <translation>继续签到</translation>
    </message>
    <message>
        <source>Back to maintenance</source>
        <translation>返回维护</translation>
    </message>
    <message>
        <source>Please look at the camera</source>
        <translation>请看摄像头</translation>
    </message>
    <message>
        <source>Thank you. Saving…</source>
        <translation>谢谢，正在保存…</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Next time, choose check-in and look at the camera.</source>
        <translation>下次来时，点“签到”，看着摄像头就可以了。</translation>
    </message>
    <message>
        <source>We could not save your face</source>
        <translation>未能保存您的面部信息</translation>
    </message>
    <message>
        <source>Your face looks very like another patient&apos;s. Nothing was saved. The staff at %1 can help.</source>
        <translation>您的面部与另一位患者非常相像，什么都没有保存。%1的工作人员可以帮您。</translation>
    </message>
    <message>
        <source>We could not see you move as asked, so nothing was saved. You can try again next time, or ask at %1.</source>
        <translation>我们没有看到您按提示动作，因此没有保存任何内容。您可以下次再试，或到%1咨询。</translation>
    </message>
    <message>
        <source>Nothing was saved. You can try again next time, or ask at %1.</source>
        <translation>什么都没有保存。您可以下次再试，或到%1咨询。</translation>
    </message>
</context>
<context>
    <name>EnrolConsentScreen</name>
    <message>
        <source>Before we start</source>
        <translation>开始之前，请您了解</translation>
    </message>
    <message>
        <source>What we keep: a few rows of numbers calculated from your face, locked with a key. We do not keep a photo or a video of you.

Why: only to find your appointments when you look at the camera at this hospital&apos;s kiosks.

For how long: until you ask us to delete it.

How to delete it: press &quot;Delete my face data&quot; on your ticket screen at this kiosk, or ask at %1.</source>
        <translation>保存什么：根据您的面部算出的几组数字，并加密保存。我们不保存您的照片或视频。

为什么：只用于您在本院自助机前看摄像头时找到您的预约。

保存多久：直到您要求删除为止。

怎样删除：在本机签到后的号票页面点“删除我的面部信息”，或到%1办理。</translation>
    </message>
    <message>
        <source>I agree — take my picture</source>
        <translation>我同意，开始录入</translation>
    </message>
    <message>
        <source>No, thanks — continue</source>
        <translation>不用了，继续签到</translation>
    </message>
</context>
<context>
    <name>EnrolOfferScreen</name>
    <message>
        <source>Check in by face next time?</source>
        <translation>下次用刷脸签到吗？</translation>
    </message>
    <message>
        <source>Next time you could check in just by looking at the camera, without your ID card or phone number. It is your choice, and you can change your mind at any time.</source>
        <translation>下次来时，只要看一下摄像头就能签到，不用身份证，也不用输手机号。用不用由您决定，随时可以改变主意。</translation>
    </message>
    <message>
        <source>Yes, tell me more</source>
        <translation>好的，了解一下</translation>
    </message>
    <message>
        <source>No, thanks — continue</source>
        <translation>不用了，继续签到</translation>
    </message>
</context>
<context>
    <name>FaceDeleteScreen</name>
    <message>
        <source>Yes, delete it</source>
        <translation>是的，删除</translation>
    </message>
    <message>
        <source>Keep it — back to my ticket</source>
        <translation>不删了，回到号票</translation>
    </message>
    <message>
        <source>Back to my ticket</source>
        <translation>回到号票</translation>
    </message>
    <message>
        <source>Delete your face data?</source>
        <translation>删除您的面部信息吗？</translation>
    </message>
    <message>
        <source>You will no longer be able to check in by face. You can still check in with your ID card or phone number, and you can sign up again at any time.</source>
        <translation>删除后就不能刷脸签到了。您仍可以用身份证或手机号签到，也可以随时重新录入。</translation>
    </message>
    <message>
        <source>Your face data has been deleted</source>
        <translation>您的面部信息已删除</translation>
    </message>
    <message>
        <source>Nothing of your face is kept any more. Next time, please check in with your ID card or phone number.</source>
        <translation>您的面部信息已全部删除。下次请用身份证或手机号签到。</translation>
    </message>
    <message>
        <source>We could not delete your face data</source>
        <translation>未能删除您的面部信息</translation>
    </message>
    <message>
        <source>Please ask at %1; the staff there will delete it for you.</source>
        <translation>请到%1，工作人员会为您删除。</translation>
    </message>
</context>
<context>
    <name>FaceStepScreen</name>
    <message>
        <source>Thank you. Now look at the camera, so we know the card is yours.</source>
        <translation>谢谢。现在请看摄像头，确认是您本人的身份证。</translation>
    </message>
    <message>
        <source>Thank you. Finding your details…</source>
        <translation>谢谢，正在查找您的信息…</translation>
    </message>
    <message>
        <source>Thank you. Please keep looking at the camera.</source>
        <translation>谢谢，请继续看着摄像头。</translation>
    </message>
    <message>
        <source>We could not see you move. Let us try once more.</source>
        <translation>没有看到您的动作，我们再试一次。</translation>
    </message>
    <message>
        <source>We could not find you by your face. Let us try once more.</source>
        <translation>没有通过人脸找到您，我们再试一次。</translation>
    </message>
    <message>
        <source>Good. Please hold still.</source>
        <translation>很好，请保持不动。</translation>
    </message>
    <message>
        <source>The camera sees nothing. Is something covering it?</source>
        <translation>摄像头什么也看不到，是不是被挡住了？</translation>
    </message>
    <message>
        <source>Please come in front of the screen and look at the camera.</source>
        <translation>请来到屏幕前，看着摄像头。</translation>
    </message>
    <message>
        <source>One person at a time, please.</source>
        <translation>请一次一个人。</translation>
    </message>
    <message>
        <source>Please come a little closer.</source>
        <translation>请再靠近一点。</translation>
    </message>
    <message>
        <source>Please step back a little.</source>
        <translation>请稍微后退一点。</translation>
    </message>
    <message>
        <source>Please move so that your face is inside the oval.</source>
        <translation>请移动一下，让脸在椭圆框里。</translation>
    </message>
    <message>
        <source>It is too dark to see your face. Please face the light.</source>
        <translation>光线太暗，看不清您的脸，请面向亮处。</translation>
    </message>
    <message>
        <source>There is too much light on your face. Please move a little.</source>
        <translation>您脸上的光太强了，请稍微挪动一下。</translation>
    </message>
    <message>
        <source>Please hold still for a moment.</source>
        <translation>请保持不动一会儿。</translation>
    </message>
    <message>
        <source>Please look straight at the camera.</source>
        <translation>请正对摄像头。</translation>
    </message>
    <message>
        <source>One person at a time, please. Let us start again.</source>
        <translation>请一次一人。我们重新开始。</translation>
    </message>
    <message>
        <source>Please stay in front of the camera until we are done. Let us start again.</source>
        <translation>请在摄像头前停留到完成为止。我们重新开始。</translation>
    </message>
    <message>
        <source>Good. Hold it there for a moment.</source>
        <translation>很好，请保持这个姿势一会儿。</translation>
    </message>
    <message>
        <source>The other way, please. Look at the camera, then turn slowly to your left.</source>
        <translation>方向反了。请先看着摄像头，再慢慢向您的左边转头。</translation>
    </message>
    <message>
        <source>The other way, please. Look at the camera, then turn slowly to your right.</source>
        <translation>方向反了。请先看着摄像头，再慢慢向您的右边转头。</translation>
    </message>
    <message>
        <source>Now please blink your eyes slowly.</source>
        <translation>现在请慢慢眨一下眼睛。</translation>
    </message>
    <message>
        <source>Now please turn your head slowly to your left.</source>
        <translation>现在请慢慢把头转向您的左边。</translation>
    </message>
    <message>
        <source>Now please turn your head slowly to your right.</source>
        <translation>现在请慢慢把头转向您的右边。</translation>
    </message>
    <message>
        <source>Please look at the camera</source>
        <translation>请看摄像头</translation>
    </message>
    <message>
        <source>Use another way</source>
        <translation>换一种方式</translation>
    </message>
    <message>
        <source>Face check-in is not set up for you here. Please use another way, or go to %1.</source>
        <translation>这里还不能用刷脸签到。请换一种方式，或到%1。</translation>
    </message>
    <message>
        <source>The camera is not working right now. Please use another way, or go to %1.</source>
        <translation>摄像头现在不能用。请换一种方式，或到%1。</translation>
    </message>
    <message>
        <source>We could not check your face this time. Please use your ID card, your insurance code or your phone number instead, or go to %1.</source>
        <translation>这次没能核对您的面容。请改用身份证、医保码或手机号，或到%1办理。</translation>
    </message>
    <message>
        <source>The camera did not see a face. Please use your ID card, your insurance code or your phone number instead, or ask the staff at %1.</source>
        <translation>摄像头没有看到人脸。请改用身份证、医保码或手机号，或请%1的工作人员帮忙。</translation>
    </message>
    <message>
        <source>Please look at the camera.</source>
        <translation>请看摄像头。</translation>
    </message>
</context>
<context>
    <name>RegisterConfirmScreen</name>
    <message>
        <source>Someone took the last place with this doctor. Please press Back and choose another doctor or time.</source>
        <translation>这位医生的号刚刚被挂完了。请按“返回”，选择其他医生或时间。</translation>
    </message>
    <message>
        <source>You already have an appointment with this department today. Please press &quot;Back to start&quot; and check in for it.</source>
        <translation>您今天已经挂了这个科室的号。请按“返回首页”，再为这个号签到。</translation>
    </message>
    <message>
        <source>This session has just ended. Please press Back and choose a later time.</source>
        <translation>这个时段刚刚结束。请按“返回”，选择更晚的时间。</translation>
    </message>
    <message>
        <source>This department takes no more patients today. Please come back tomorrow, or go to %1.</source>
        <translation>这个科室今天已停止挂号。请明天再来，或到%1咨询。</translation>
    </message>
    <message>
        <source>This doctor is not available at that time. Please press Back and choose another doctor or time.</source>
        <translation>这位医生这个时间不出诊。请按“返回”，选择其他医生或时间。</translation>
    </message>
    <message>
        <source>Registration did not work just now. Please go to %1; the staff there can register you.</source>
        <translation>现在无法挂号。请到%1，工作人员会为您挂号。</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Register and check in</source>
        <translation>挂号并签到</translation>
    </message>
    <message>
        <source>Registration did not work</source>
        <translation>挂号没有成功</translation>
    </message>
    <message>
        <source>Registering, one moment please…</source>
        <translation>正在挂号，请稍等…</translation>
    </message>
    <message>
        <source>Please check and confirm</source>
        <translation>请核对并确认</translation>
    </message>
    <message>
        <source>this morning</source>
        <translation>今天上午</translation>
    </message>
    <message>
        <source>this afternoon</source>
        <translation>今天下午</translation>
    </message>
    <message>
        <source>%1, %2 %3</source>
        <translation>%1，%2 %3</translation>
    </message>
    <message>
        <source>Registration fee: %1</source>
        <translation>挂号费：%1</translation>
    </message>
    <message>
        <source>The fee goes on today&apos;s bill. Please pay it at &quot;Pay&quot; before you see the doctor, or pay later. You get your number at once.</source>
        <translation>挂号费记入今天的账单。请在看医生前到“缴费”付款，也可以稍后再付。挂号后马上给您排队号。</translation>
    </message>
    <message>
        <source>To register and get your number, press the big blue button.</source>
        <translation>要挂号并取排队号，请按蓝色大按钮。</translation>
    </message>
</context>
<context>
    <name>RegisterDepartmentScreen</name>
    <message>
        <source>Call staff</source>
        <translation>呼叫工作人员</translation>
    </message>
    <message>
        <source>Register for a doctor today</source>
        <translation>当日挂号</translation>
    </message>
    <message>
        <source>Register for another department</source>
        <translation>挂其他科室的号</translation>
    </message>
    <message>
        <source>You have no appointment today</source>
        <translation>您今天没有预约</translation>
    </message>
    <message>
        <source>Registration is not possible at this kiosk just now. Please go to %1; the staff there can register you.</source>
        <translation>这台自助机现在无法挂号。请到%1，工作人员会为您挂号。</translation>
    </message>
    <message>
        <source>One moment, please…</source>
        <translation>请稍等…</translation>
    </message>
    <message>
        <source>Today&apos;s clinics have finished. Please come back tomorrow. If you need a doctor now, please ask at %1.</source>
        <translation>今天的门诊已经结束，请明天再来。如果现在需要看医生，请到%1咨询。</translation>
    </message>
    <message>
        <source>To register for a doctor today, press a department.</source>
        <translation>要挂今天的号，请按一个科室。</translation>
    </message>
    <message>
        <source>you already have an appointment here</source>
        <translation>您已挂这个科室的号</translation>
    </message>
    <message numerus="yes">
        <source>%n places left</source>
        <translation>
            <numerusform>剩余 %n 个号</numerusform>
        </translation>
    </message>
    <message>
        <source>no places left today</source>
        <translation>今天的号已挂完</translation>
    </message>
</context>
<context>
    <name>RegisterDoctorScreen</name>
    <message>
        <source>Other departments</source>
        <translation>其他科室</translation>
    </message>
    <message>
        <source>The doctors&apos; times cannot be shown just now. Please go to %1.</source>
        <translation>现在无法显示医生的出诊时间。请到%1咨询。</translation>
    </message>
    <message>
        <source>One moment, please…</source>
        <translation>请稍等…</translation>
    </message>
    <message>
        <source>No places are left today in %1. Please choose another department, or go to %2.</source>
        <translation>%1今天的号已挂完。请选择其他科室，或到%2咨询。</translation>
    </message>
    <message>
        <source>Press the doctor and time you want. The fee goes on today&apos;s bill.</source>
        <translation>请按您要看的医生和时间。挂号费记入今天的账单。</translation>
    </message>
    <message>
        <source>This morning</source>
        <translation>今天上午</translation>
    </message>
    <message>
        <source>This afternoon</source>
        <translation>今天下午</translation>
    </message>
    <message numerus="yes">
        <source>%n places left</source>
        <translation>
            <numerusform>剩余 %n 个号</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, fee %2, %3</source>
        <translation>%1，挂号费 %2，%3</translation>
    </message>
</context>
<context>
    <name>SecondFactorScreen</name>
    <message>
        <source>Several people match. Please type the other 4 too.</source>
        <translation>有多位患者的这4位数字相同。请再输入另外4位数字。</translation>
    </message>
    <message>
        <source>We cannot tell you apart from other patients by these numbers. Please press &quot;Use another way&quot;.</source>
        <translation>凭这些数字无法把您和其他患者区分开。请按“换一种方式”。</translation>
    </message>
    <message>
        <source>No one signed up for face check-in has these numbers. Please check them, or press &quot;Use another way&quot;.</source>
        <translation>没有找到使用这组数字的刷脸签到用户。请检查后重输，或点“换一种方式”。</translation>
    </message>
    <message>
        <source>And the other 4 numbers</source>
        <translation>再输入另外4位数字</translation>
    </message>
    <message>
        <source>First, 4 numbers</source>
        <translation>请先输入4位数字</translation>
    </message>
    <message>
        <source>Birthday as month and day (5 March: 0305), or your phone&apos;s last 4 digits.</source>
        <translation>生日的月和日（如3月5日输入0305），或手机号后4位。</translation>
    </message>
    <message>
        <source>Next: look at the camera</source>
        <translation>下一步：看摄像头</translation>
    </message>
    <message>
        <source>Use another way</source>
        <translation>换一种方式</translation>
    </message>
</context>
<context>
    <name>TicketScreen</name>
    <message>
        <source>Your visit today</source>
        <translation>您今天的就诊</translation>
    </message>
    <message>
        <source>My other appointments</source>
        <translation>我的其他预约</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Your number</source>
        <translation>您的号码</translation>
    </message>
    <message>
        <source>Delete my face data</source>
        <translation>删除我的面部信息</translation>
    </message>
    <message>
        <source>Register for another department</source>
        <translation>挂其他科室的号</translation>
    </message>
    <message>
        <source>No. %1</source>
        <translation>%1号</translation>
    </message>
    <message numerus="yes">
        <source>People ahead of you: %n</source>
        <translation>
            <numerusform>前面还有 %n 人</numerusform>
        </translation>
    </message>
    <message>
        <source>Please take your ticket from the slot below.</source>
        <translation>请从下方出票口取走您的号票。</translation>
    </message>
    <message>
        <source>The printer has no paper. Please take a photo of this code, or remember your number. A paper copy is available at %1.</source>
        <translation>打印机没有纸了。请拍下这个二维码，或记住您的号码。纸质号票可到%1领取。</translation>
    </message>
    <message>
        <source>The printer has no paper. Please remember your number, or take a photo of this screen. A paper copy is available at %1.</source>
        <translation>打印机没有纸了。请记住您的号码，或拍下这个屏幕。纸质号票可到%1领取。</translation>
    </message>
    <message>
        <source>Now: go to %1, %2, and wait until your number is called.</source>
        <translation>现在：请到%1（%2）等候叫号。</translation>
    </message>
    <message>
        <source>After the doctor: %1.</source>
        <translation>看完医生后：%1。</translation>
    </message>
    <message>
        <source>After the doctor: the doctor will tell you what comes next.</source>
        <translation>看完医生后：医生会告诉您下一步。</translation>
    </message>
    <message>
        <source>Still to pay: %1. You can pay at this kiosk.</source>
        <translation>还需缴费：%1。可以在本机缴费。</translation>
    </message>
    <message>
        <source>Nothing is left to pay.</source>
        <translation>没有需要缴的费用。</translation>
    </message>
    <message numerus="yes">
        <source>More appointments today: %n</source>
        <translation>
            <numerusform>您今天还有 %n 个预约</numerusform>
        </translation>
    </message>
    <message>
        <source>Your number is %1. %2</source>
        <translation>您的号码是 %1。%2</translation>
    </message>
</context>
</TS>
