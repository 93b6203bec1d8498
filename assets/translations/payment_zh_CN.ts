<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>PayBillScreen</name>
    <message>
        <location filename="../../ui/payment/bill_screen.py" line="67"/>
        <source>Registration</source>
        <translation>挂号费</translation>
    </message>
    <message>
        <location filename="../../ui/payment/bill_screen.py" line="67"/>
        <source>Examinations</source>
        <translation>检查费</translation>
    </message>
    <message>
        <location filename="../../ui/payment/bill_screen.py" line="68"/>
        <source>Laboratory tests</source>
        <translation>化验费</translation>
    </message>
    <message>
        <location filename="../../ui/payment/bill_screen.py" line="68"/>
        <source>Western medicine</source>
        <translation>西药费</translation>
    </message>
    <message>
        <location filename="../../ui/payment/bill_screen.py" line="69"/>
        <source>Chinese medicine</source>
        <translation>中成药/中草药</translation>
    </message>
    <message>
        <location filename="../../ui/payment/bill_screen.py" line="69"/>
        <source>Medical materials</source>
        <translation>卫生材料费</translation>
    </message>
    <message>
        <location filename="../../ui/payment/bill_screen.py" line="70"/>
        <source>Wheelchair rental</source>
        <translation>轮椅租赁费</translation>
    </message>
    <message>
        <location filename="../../ui/payment/bill_screen.py" line="116"/>
        <source>Earlier pay-later bills</source>
        <translation>之前的先诊疗后付费账单</translation>
    </message>
    <message>
        <location filename="../../ui/payment/bill_screen.py" line="124"/>
        <source>Your bill</source>
        <translation>您的账单</translation>
    </message>
    <message>
        <location filename="../../ui/payment/bill_screen.py" line="132"/>
        <source>You have nothing to pay right now. If you think this is wrong, please go to %1.</source>
        <translation>您现在没有需要缴纳的费用。如有疑问，请到%1。</translation>
    </message>
    <message>
        <location filename="../../ui/payment/bill_screen.py" line="135"/>
        <source>Your bill cannot be shown right now. Nothing was charged. Please go to %1.</source>
        <translation>暂时无法显示您的账单，没有扣任何费用。请到%1。</translation>
    </message>
    <message>
        <location filename="../../ui/payment/bill_screen.py" line="138"/>
        <source>Looking up your bill…</source>
        <translation>正在查询您的账单…</translation>
    </message>
    <message>
        <location filename="../../ui/payment/bill_screen.py" line="140"/>
        <source>Everything from today&apos;s visit, by kind:</source>
        <translation>本次就诊的全部费用（按类别）：</translation>
    </message>
    <message>
        <location filename="../../ui/payment/bill_screen.py" line="142"/>
        <source>Total: %1</source>
        <translation>合计：%1</translation>
    </message>
    <message>
        <location filename="../../ui/payment/bill_screen.py" line="143"/>
        <source>Insurance fund pays: %1</source>
        <translation>医保统筹基金支付：%1</translation>
    </message>
    <message>
        <location filename="../../ui/payment/bill_screen.py" line="144"/>
        <source>Your personal account pays: %1</source>
        <translation>医保个人账户支付：%1</translation>
    </message>
    <message>
        <location filename="../../ui/payment/bill_screen.py" line="146"/>
        <source>You pay now: %1</source>
        <translation>您现在需支付：%1</translation>
    </message>
    <message>
        <location filename="../../ui/payment/bill_screen.py" line="148"/>
        <source>Pay with my phone (QR code)</source>
        <translation>手机扫码支付</translation>
    </message>
    <message>
        <location filename="../../ui/payment/bill_screen.py" line="149"/>
        <source>Scan my payment code</source>
        <translation>扫我的付款码</translation>
    </message>
    <message>
        <location filename="../../ui/payment/bill_screen.py" line="150"/>
        <source>Treat first, pay later</source>
        <translation>先诊疗后付费</translation>
    </message>
    <message>
        <location filename="../../ui/payment/bill_screen.py" line="156"/>
        <source>You pay %1 now. To pay with your phone, press the big blue button.</source>
        <translation>您现在需支付%1。用手机支付，请按蓝色大按钮。</translation>
    </message>
</context>
<context>
    <name>PayCodeScreen</name>
    <message>
        <location filename="../../ui/payment/code_screen.py" line="102"/>
        <source>Show your payment code</source>
        <translation>出示付款码</translation>
    </message>
    <message>
        <location filename="../../ui/payment/code_screen.py" line="106"/>
        <source>Open the payment code in Alipay on your phone and hold it under the scanner below this screen.</source>
        <translation>请在手机支付宝里打开付款码，放在屏幕下方的扫码器下。</translation>
    </message>
    <message>
        <location filename="../../ui/payment/code_screen.py" line="107"/>
        <source>Taking the payment… please wait.</source>
        <translation>正在扣款，请稍候…</translation>
    </message>
    <message>
        <location filename="../../ui/payment/code_screen.py" line="108"/>
        <source>That was not a payment code. Please open the payment code in your pay app and try again.</source>
        <translation>这不是付款码。请在支付软件里打开付款码后再试。</translation>
    </message>
    <message>
        <location filename="../../ui/payment/code_screen.py" line="109"/>
        <source>This payment code did not work. Please refresh it on your phone and try again.</source>
        <translation>这个付款码无法使用。请在手机上刷新付款码后再试。</translation>
    </message>
    <message>
        <location filename="../../ui/payment/code_screen.py" line="110"/>
        <source>Mobile payment is not working right now. Please go back and choose another way, or go to %1.</source>
        <translation>手机支付暂时无法使用。请返回选择其他方式，或到%1。</translation>
    </message>
    <message>
        <location filename="../../ui/payment/code_screen.py" line="114"/>
        <source>Back to my bill</source>
        <translation>返回我的账单</translation>
    </message>
    <message>
        <location filename="../../ui/payment/code_screen.py" line="115"/>
        <source>Demo: show a payment code</source>
        <translation>演示：出示付款码</translation>
    </message>
</context>
<context>
    <name>PayDoneScreen</name>
    <message>
        <location filename="../../ui/payment/done_screen.py" line="104"/>
        <source>Payment complete</source>
        <translation>缴费完成</translation>
    </message>
    <message>
        <location filename="../../ui/payment/done_screen.py" line="105"/>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../ui/payment/done_screen.py" line="106"/>
        <source>Print an A4 invoice</source>
        <translation>打印A4发票</translation>
    </message>
    <message>
        <location filename="../../ui/payment/done_screen.py" line="111"/>
        <source>Thank you. Your bill is settled.</source>
        <translation>谢谢，您的账单已结清。</translation>
    </message>
    <message>
        <location filename="../../ui/payment/done_screen.py" line="115"/>
        <source>The printer could not print your invoice. Take a photo of this code, or ask at %1.</source>
        <translation>打印机无法打印您的发票。请拍下这个二维码，或到%1询问。</translation>
    </message>
    <message>
        <location filename="../../ui/payment/done_screen.py" line="118"/>
        <source>Please take your invoice from the printer.</source>
        <translation>请从打印口取走您的发票。</translation>
    </message>
    <message>
        <location filename="../../ui/payment/done_screen.py" line="119"/>
        <source>Your bill will be paid later; the due date is on your invoice.</source>
        <translation>您的账单将在之后支付，还款日期印在发票上。</translation>
    </message>
    <message>
        <location filename="../../ui/payment/done_screen.py" line="120"/>
        <source>Thank you. Your bill is paid.</source>
        <translation>谢谢，您的账单已支付。</translation>
    </message>
    <message>
        <location filename="../../ui/payment/done_screen.py" line="122"/>
        <source>Invoice number: %1
Check code: %2</source>
        <translation>票据号码：%1
校验码：%2</translation>
    </message>
    <message>
        <location filename="../../ui/payment/done_screen.py" line="125"/>
        <source>The A4 invoice is printing.</source>
        <translation>A4发票正在打印。</translation>
    </message>
    <message>
        <location filename="../../ui/payment/done_screen.py" line="127"/>
        <source>The A4 printer is not working; please ask at %1.</source>
        <translation>A4打印机暂时无法使用，请到%1询问。</translation>
    </message>
    <message>
        <location filename="../../ui/payment/done_screen.py" line="132"/>
        <source>Payment complete.</source>
        <translation>缴费完成。</translation>
    </message>
</context>
<context>
    <name>PayLaterScreen</name>
    <message>
        <location filename="../../ui/payment/later_screen.py" line="97"/>
        <source>Pay later is only for patients with medical insurance.</source>
        <translation>先诊疗后付费仅限参加医保的患者。</translation>
    </message>
    <message>
        <location filename="../../ui/payment/later_screen.py" line="98"/>
        <source>An earlier pay-later bill is overdue, so pay later is not possible today.</source>
        <translation>您有逾期未付的账单，今天不能先诊疗后付费。</translation>
    </message>
    <message>
        <location filename="../../ui/payment/later_screen.py" line="99"/>
        <source>This bill is more than your pay-later limit allows.</source>
        <translation>这笔费用超过了您的先诊疗后付费额度。</translation>
    </message>
    <message>
        <location filename="../../ui/payment/later_screen.py" line="100"/>
        <source>Pay later is not available for your account.</source>
        <translation>您的账户暂不能使用先诊疗后付费。</translation>
    </message>
    <message>
        <location filename="../../ui/payment/later_screen.py" line="101"/>
        <source>Please pay your earlier pay-later bill first.</source>
        <translation>请先支付之前的先诊疗后付费账单。</translation>
    </message>
    <message>
        <location filename="../../ui/payment/later_screen.py" line="102"/>
        <source>There is nothing to pay later.</source>
        <translation>没有可以稍后支付的费用。</translation>
    </message>
    <message>
        <location filename="../../ui/payment/later_screen.py" line="105"/>
        <source>Treat first, pay later</source>
        <translation>先诊疗后付费</translation>
    </message>
    <message>
        <location filename="../../ui/payment/later_screen.py" line="106"/>
        <source>Back to my bill</source>
        <translation>返回我的账单</translation>
    </message>
    <message>
        <location filename="../../ui/payment/later_screen.py" line="107"/>
        <source>Confirm pay later</source>
        <translation>确认稍后支付</translation>
    </message>
    <message>
        <location filename="../../ui/payment/later_screen.py" line="117"/>
        <source>Pay later did not work. Nothing was charged. Please go to %1.</source>
        <translation>先诊疗后付费没有成功，没有扣任何费用。请到%1。</translation>
    </message>
    <message>
        <location filename="../../ui/payment/later_screen.py" line="119"/>
        <source>Checking whether you can pay later…</source>
        <translation>正在查询您能否先诊疗后付费…</translation>
    </message>
    <message>
        <location filename="../../ui/payment/later_screen.py" line="121"/>
        <source>Please choose another way to pay, or go to %1.</source>
        <translation>请选择其他支付方式，或到%1。</translation>
    </message>
    <message>
        <location filename="../../ui/payment/later_screen.py" line="125"/>
        <source>You can pay %1 later, by %2. To confirm, type the last 4 digits of your ID card.</source>
        <translation>您可以稍后支付%1，最晚于%2前付清。请输入身份证号码后4位确认。</translation>
    </message>
    <message>
        <location filename="../../ui/payment/later_screen.py" line="128"/>
        <source>Those digits do not match your ID card. Please try again.</source>
        <translation>输入的数字与身份证不符，请重试。</translation>
    </message>
</context>
<context>
    <name>PayQrScreen</name>
    <message>
        <location filename="../../ui/payment/qr_screen.py" line="145"/>
        <source>Cancel and go back</source>
        <translation>取消并返回</translation>
    </message>
    <message>
        <location filename="../../ui/payment/qr_screen.py" line="146"/>
        <source>Demo: pay with a phone</source>
        <translation>演示：用手机支付</translation>
    </message>
    <message>
        <location filename="../../ui/payment/qr_screen.py" line="149"/>
        <source>Mobile payment is not working right now. Nothing was charged.</source>
        <translation>手机支付暂时无法使用，没有扣任何费用。</translation>
    </message>
    <message>
        <location filename="../../ui/payment/qr_screen.py" line="150"/>
        <source>Please go back and choose another way, or go to %1.</source>
        <translation>请返回选择其他方式，或到%1。</translation>
    </message>
    <message>
        <location filename="../../ui/payment/qr_screen.py" line="152"/>
        <source>This payment was cancelled. Any money paid is returned to your phone.</source>
        <translation>这笔支付已取消，已付的钱会退回您的手机账户。</translation>
    </message>
    <message>
        <location filename="../../ui/payment/qr_screen.py" line="153"/>
        <source>Please go back to try again, or go to %1.</source>
        <translation>请返回重试，或到%1。</translation>
    </message>
    <message>
        <location filename="../../ui/payment/qr_screen.py" line="155"/>
        <source>Preparing your payment code…</source>
        <translation>正在生成付款二维码…</translation>
    </message>
    <message>
        <location filename="../../ui/payment/qr_screen.py" line="158"/>
        <source>Scan this code with Alipay on your phone</source>
        <translation>请用手机支付宝扫描这个二维码</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/payment/qr_screen.py" line="159"/>
        <source>Time left: %n second(s)</source>
        <translation><numerusform>剩余时间：%n 秒</numerusform></translation>
    </message>
</context>
</TS>
