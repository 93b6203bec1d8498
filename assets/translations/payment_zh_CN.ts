<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>FaceConfirmPanel</name>
    <message>
        <source>Thank you.</source>
        <translation>谢谢。</translation>
    </message>
    <message>
        <source>We could not confirm your face. Let us try once more.</source>
        <translation>未能确认您的面容。我们再试一次。</translation>
    </message>
    <message>
        <source>Good. Please hold still.</source>
        <translation>很好，请保持不动。</translation>
    </message>
    <message>
        <source>One person at a time, please.</source>
        <translation>请一次一人。</translation>
    </message>
    <message>
        <source>Please look at the camera, with your face inside the oval.</source>
        <translation>请看摄像头，让面部位于椭圆框内。</translation>
    </message>
    <message>
        <source>Now please blink your eyes slowly.</source>
        <translation>现在请慢慢眨眼。</translation>
    </message>
    <message>
        <source>Now please turn your head slowly to your left.</source>
        <translation>现在请慢慢向左转头。</translation>
    </message>
    <message>
        <source>Now please turn your head slowly to your right.</source>
        <translation>现在请慢慢向右转头。</translation>
    </message>
</context>
<context>
    <name>GatewayNames</name>
    <message>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <source>WeChat</source>
        <translation>微信</translation>
    </message>
    <message>
        <source>%1 or %2</source>
        <translation>%1或%2</translation>
    </message>
</context>
<context>
    <name>PayBillScreen</name>
    <message>
        <source>Registration</source>
        <translation>挂号费</translation>
    </message>
    <message>
        <source>Examinations</source>
        <translation>检查费</translation>
    </message>
    <message>
        <source>Laboratory tests</source>
        <translation>化验费</translation>
    </message>
    <message>
        <source>Western medicine</source>
        <translation>西药费</translation>
    </message>
    <message>
        <source>Chinese medicine</source>
        <translation>中成药/中草药</translation>
    </message>
    <message>
        <source>Medical materials</source>
        <translation>卫生材料费</translation>
    </message>
    <message>
        <source>Wheelchair rental</source>
        <translation>轮椅租赁费</translation>
    </message>
    <message>
        <source>Earlier pay-later bills</source>
        <translation>之前的先诊疗后付费账单</translation>
    </message>
    <message>
        <source>Your bill</source>
        <translation>您的账单</translation>
    </message>
    <message>
        <source>You have nothing to pay right now. If you think this is wrong, please go to %1.</source>
        <translation>您现在没有需要缴纳的费用。如有疑问，请到%1。</translation>
    </message>
    <message>
        <source>The hospital system cannot be reached right now. Nothing was charged. Please go to %1.</source>
        <translation>医院系统暂时连不上，没有扣任何费用。请到%1。</translation>
    </message>
    <message>
        <source>Your bill is being paid at another kiosk right now. Please finish paying there, or use this kiosk after %1. Nothing was charged here.</source>
        <translation>您的账单正在另一台自助机上支付。请在那台机器上完成支付，或在 %1 之后再使用本机。本机没有扣款。</translation>
    </message>
    <message>
        <source>Your bill cannot be shown right now. Nothing was charged. Please go to %1.</source>
        <translation>暂时无法显示您的账单，没有扣任何费用。请到%1。</translation>
    </message>
    <message>
        <source>Looking up your bill…</source>
        <translation>正在查询您的账单…</translation>
    </message>
    <message>
        <source>Everything from today&apos;s visit, by kind:</source>
        <translation>本次就诊的全部费用（按类别）：</translation>
    </message>
    <message>
        <source>Total: %1</source>
        <translation>合计：%1</translation>
    </message>
    <message>
        <source>Insurance fund pays: %1</source>
        <translation>医保统筹基金支付：%1</translation>
    </message>
    <message>
        <source>Your personal account pays: %1</source>
        <translation>医保个人账户支付：%1</translation>
    </message>
    <message>
        <source>You pay now: %1</source>
        <translation>您现在需支付：%1</translation>
    </message>
    <message>
        <source>Pay with my phone (QR code)</source>
        <translation>手机扫码支付</translation>
    </message>
    <message>
        <source>Scan my payment code</source>
        <translation>扫我的付款码</translation>
    </message>
    <message>
        <source>Treat first, pay later</source>
        <translation>先诊疗后付费</translation>
    </message>
    <message>
        <source>Part of this bill had just been paid, at another kiosk or by another phone. The money you paid here goes back to your phone. </source>
        <translation>这张账单的部分费用刚刚已在另一台自助机或用另一部手机缴过。您在这里付的钱会退回您的手机。</translation>
    </message>
    <message>
        <source>Part of this bill was just paid, at another kiosk or by another phone. Nothing was charged here. </source>
        <translation>这张账单的部分费用刚刚已在另一台自助机或用另一部手机缴过。本机没有扣款。</translation>
    </message>
    <message>
        <source>You pay %1 now. To pay with your phone, press the big blue button.</source>
        <translation>您现在需支付%1。用手机支付，请按蓝色大按钮。</translation>
    </message>
</context>
<context>
    <name>PayCodeScreen</name>
    <message>
        <source>Show your payment code</source>
        <translation>出示付款码</translation>
    </message>
    <message>
        <source>Open the payment code in %1 on your phone and hold it under the scanner below this screen.</source>
        <translation>请在手机%1里打开付款码，放在屏幕下方的扫码器下。</translation>
    </message>
    <message>
        <source>Taking the payment… please wait.</source>
        <translation>正在扣款，请稍候…</translation>
    </message>
    <message>
        <source>That was not a payment code. Please open the payment code in your pay app and try again.</source>
        <translation>这不是付款码。请在支付软件里打开付款码后再试。</translation>
    </message>
    <message>
        <source>Your bill is being paid at another kiosk right now. Please finish paying there, or use this kiosk after %1. Nothing was charged here.</source>
        <translation>您的账单正在另一台自助机上支付。请在那台机器上完成支付，或在 %1 之后再使用本机。本机没有扣款。</translation>
    </message>
    <message>
        <source>This payment code did not work. Please refresh it on your phone and try again.</source>
        <translation>这个付款码无法使用。请在手机上刷新付款码后再试。</translation>
    </message>
    <message>
        <source>Mobile payment is not working right now. Please go back and choose another way, or go to %1.</source>
        <translation>手机支付暂时无法使用。请返回选择其他方式，或到%1。</translation>
    </message>
    <message>
        <source>The code scanner is not working right now. Please go back and choose another way, or go to %1.</source>
        <translation>扫码器暂时不能使用。请返回选择其他方式，或到%1。</translation>
    </message>
    <message>
        <source>Back to my bill</source>
        <translation>返回我的账单</translation>
    </message>
    <message>
        <source>Demo: %1 code</source>
        <translation>演示：%1付款码</translation>
    </message>
</context>
<context>
    <name>PayDoneScreen</name>
    <message>
        <source>Nothing was charged now. The due date is on your invoice.</source>
        <translation>现在没有扣款。还款日期印在您的发票上。</translation>
    </message>
    <message>
        <source>Nothing was charged now. Please pay %1 by %2, at this kiosk or at %3.</source>
        <translation>现在没有扣款。请在 %2 之前支付 %1，可在本机或到%3支付。</translation>
    </message>
    <message>
        <source>Payment complete</source>
        <translation>缴费完成</translation>
    </message>
    <message>
        <source>Pay later confirmed</source>
        <translation>已确认先诊疗后付费</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Print an A4 invoice</source>
        <translation>打印A4发票</translation>
    </message>
    <message>
        <source>Thank you. Your bill is settled.</source>
        <translation>谢谢，您的账单已结清。</translation>
    </message>
    <message>
        <source>The printer could not print your invoice. Take a photo of this code, or ask at %1.</source>
        <translation>打印机无法打印您的发票。请拍下这个二维码，或到%1询问。</translation>
    </message>
    <message>
        <source>Please take your invoice from the printer.</source>
        <translation>请从打印口取走您的发票。</translation>
    </message>
    <message>
        <source>Scan with your phone to see and keep your e-invoice.</source>
        <translation>用手机扫码，查看并保存您的电子发票。</translation>
    </message>
    <message>
        <source>Pay later confirmed.</source>
        <translation>已确认先诊疗后付费。</translation>
    </message>
    <message>
        <source>Thank you. Your bill is paid.</source>
        <translation>谢谢，您的账单已支付。</translation>
    </message>
    <message>
        <source>Invoice number: %1
Check code: %2</source>
        <translation>票据号码：%1
校验码：%2</translation>
    </message>
    <message>
        <source>The A4 invoice is printing.</source>
        <translation>A4发票正在打印。</translation>
    </message>
    <message>
        <source>The A4 printer is not working; please ask at %1.</source>
        <translation>A4打印机暂时无法使用，请到%1询问。</translation>
    </message>
    <message>
        <source>Payment complete.</source>
        <translation>缴费完成。</translation>
    </message>
</context>
<context>
    <name>PayLaterScreen</name>
    <message>
        <source>Pay later is only for patients with medical insurance.</source>
        <translation>先诊疗后付费仅限参加医保的患者。</translation>
    </message>
    <message>
        <source>An earlier pay-later bill is overdue, so pay later is not possible today.</source>
        <translation>您有逾期未付的账单，今天不能先诊疗后付费。</translation>
    </message>
    <message>
        <source>This bill is more than your pay-later limit allows.</source>
        <translation>这笔费用超过了您的先诊疗后付费额度。</translation>
    </message>
    <message>
        <source>Pay later is not available for your account.</source>
        <translation>您的账户暂不能使用先诊疗后付费。</translation>
    </message>
    <message>
        <source>Please pay your earlier pay-later bill first.</source>
        <translation>请先支付之前的先诊疗后付费账单。</translation>
    </message>
    <message>
        <source>Pay later is locked for 15 minutes because the PIN was wrong too many times.</source>
        <translation>密码错误次数过多，先诊疗后付费已锁定 15 分钟。</translation>
    </message>
    <message>
        <source>There is nothing to pay later.</source>
        <translation>没有可以稍后支付的费用。</translation>
    </message>
    <message>
        <source>Nothing was charged. Please pay with your phone (QR code) instead, or go to %1.</source>
        <translation>没有扣任何费用。请改用手机扫二维码付款，或前往%1。</translation>
    </message>
    <message>
        <source>We could not confirm it is you by your face.</source>
        <translation>未能通过面容确认是您本人。</translation>
    </message>
    <message>
        <source>The camera is not working right now.</source>
        <translation>摄像头暂时不能使用。</translation>
    </message>
    <message>
        <source>The camera did not see a face.</source>
        <translation>摄像头没有看到人脸。</translation>
    </message>
    <message>
        <source>Pay later did not work.</source>
        <translation>先诊疗后付费没有办成。</translation>
    </message>
    <message>
        <source>You can pay %1 later, by %2.</source>
        <translation>您可以先不付 %1，在 %2 之前付清即可。</translation>
    </message>
    <message>
        <source>To confirm, please look at the camera.</source>
        <translation>请看摄像头确认。</translation>
    </message>
    <message>
        <source>To confirm, type your 6-digit pay-later PIN.</source>
        <translation>请输入您的 6 位付费密码确认。</translation>
    </message>
    <message numerus="yes">
        <source>That PIN is not right. %n more tries before pay later is locked.</source>
        <translation>
            <numerusform>密码不对。再错 %n 次将锁定先诊疗后付费。</numerusform>
        </translation>
    </message>
    <message>
        <source>Please type the same 6 digits again.</source>
        <translation>请再输入一次同样的 6 位数字。</translation>
    </message>
    <message>
        <source>Please choose a 6-digit pay-later PIN. You will use it next time.</source>
        <translation>请设置一个 6 位付费密码，下次使用时需要输入。</translation>
    </message>
    <message>
        <source>The two PINs were not the same.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>Treat first, pay later</source>
        <translation>先诊疗后付费</translation>
    </message>
    <message>
        <source>Back to my bill</source>
        <translation>返回我的账单</translation>
    </message>
    <message>
        <source>Pay with my phone</source>
        <translation>用手机付款</translation>
    </message>
    <message>
        <source>Confirm pay later</source>
        <translation>确认稍后支付</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Checking whether you can pay later…</source>
        <translation>正在查询您能否先诊疗后付费…</translation>
    </message>
    <message>
        <source>Please choose another way to pay, or go to %1.</source>
        <translation>请选择其他支付方式，或到%1。</translation>
    </message>
</context>
<context>
    <name>PayQrScreen</name>
    <message>
        <source>Cancel and go back</source>
        <translation>取消并返回</translation>
    </message>
    <message>
        <source>Demo: pay with a phone</source>
        <translation>演示：用手机支付</translation>
    </message>
    <message>
        <source>Your bill is being paid at another kiosk.</source>
        <translation>您的账单正在另一台自助机上支付。</translation>
    </message>
    <message>
        <source>Nothing was charged here. Please finish paying there, or use this kiosk after %1.</source>
        <translation>本机没有扣款。请在那台机器上完成支付，或在 %1 之后再使用本机。</translation>
    </message>
    <message>
        <source>Mobile payment is not working right now. Nothing was charged.</source>
        <translation>手机支付暂时无法使用，没有扣任何费用。</translation>
    </message>
    <message>
        <source>Please go back and choose another way, or go to %1.</source>
        <translation>请返回选择其他方式，或到%1。</translation>
    </message>
    <message>
        <source>This payment was cancelled. Any money paid is returned to your phone.</source>
        <translation>这笔支付已取消，已付的钱会退回您的手机账户。</translation>
    </message>
    <message>
        <source>Please go back to try again, or go to %1.</source>
        <translation>请返回重试，或到%1。</translation>
    </message>
    <message>
        <source>Preparing your payment code…</source>
        <translation>正在生成付款二维码…</translation>
    </message>
    <message>
        <source>Scan with %1 on your phone</source>
        <translation>请用手机%1扫描这个二维码</translation>
    </message>
    <message numerus="yes">
        <source>Time left: %n second(s)</source>
        <translation>
            <numerusform>剩余时间：%n 秒</numerusform>
        </translation>
    </message>
</context>
</TS>
