<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>WheelchairDepositScreen</name>
    <message>
        <source>Cancel and go back</source>
        <translation>取消并返回</translation>
    </message>
    <message>
        <source>Demo: pay with a phone</source>
        <translation>演示：用手机支付</translation>
    </message>
    <message>
        <source>Mobile payment is not working right now. Nothing was charged.</source>
        <translation>手机支付暂时不能用，没有扣任何钱。</translation>
    </message>
    <message>
        <source>Please go to %1 to pay the deposit and get a chair.</source>
        <translation>请到%1交押金并领取轮椅。</translation>
    </message>
    <message>
        <source>The deposit payment was cancelled. Any money paid is returned to your phone.</source>
        <translation>押金支付已取消。已付的钱会退回您的手机。</translation>
    </message>
    <message>
        <source>Please go back to try again, or go to %1.</source>
        <translation>请返回再试一次，或到%1。</translation>
    </message>
    <message>
        <source>No chair was given out, so your deposit goes back to your phone.</source>
        <translation>没有取到轮椅，押金会退回您的手机。</translation>
    </message>
    <message>
        <source>Deposit paid. Opening the dock…</source>
        <translation>押金已付，正在打开车位…</translation>
    </message>
    <message>
        <source>Preparing your payment code…</source>
        <translation>正在生成付款码…</translation>
    </message>
    <message>
        <source>Deposit: scan with %1</source>
        <translation>请用手机%1扫这个码交押金</translation>
    </message>
    <message numerus="yes">
        <source>Refunded when you return it. %n second(s) left</source>
        <translation>
            <numerusform>还轮椅时押金退回。剩余 %n 秒</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WheelchairHomeUseScreen</name>
    <message>
        <source>Take chair %1 home</source>
        <translation>把轮椅 %1 带回家</translation>
    </message>
    <message>
        <source>Chair %1 is yours to take home</source>
        <translation>轮椅 %1 可以带回家了</translation>
    </message>
    <message>
        <source>Home use costs %1 per day.</source>
        <translation>带回家使用每天 %1。</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s): %1</source>
        <translation>
            <numerusform>%n 天：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>Please bring it back by %1. Later days are charged as well.</source>
        <translation>请在 %1 前归还。超过的天数也会收费。</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>− 1 day</source>
        <translation>少 1 天</translation>
    </message>
    <message>
        <source>+ 1 day</source>
        <translation>多 1 天</translation>
    </message>
    <message numerus="yes">
        <source>Take it home for %n day(s)</source>
        <translation>
            <numerusform>带回家 %n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>Go back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Choose the days with the minus and plus buttons, then press the big blue button.</source>
        <translation>用“少 1 天”“多 1 天”选好天数，再按蓝色大按钮。</translation>
    </message>
</context>
<context>
    <name>WheelchairOverdueScreen</name>
    <message>
        <source>Please bring your wheelchair back</source>
        <translation>请归还您租用的轮椅</translation>
    </message>
    <message>
        <source>I understand</source>
        <translation>我知道了</translation>
    </message>
    <message>
        <source>Wheelchair %1 was due back on %2. Please return it at any dock or kiosk.</source>
        <translation>轮椅 %1 应于 %2 归还，已超时。请到任一停靠点或自助机归还。</translation>
    </message>
    <message>
        <source>Fee so far: %1</source>
        <translation>目前费用：%1</translation>
    </message>
</context>
<context>
    <name>WheelchairPickupScreen</name>
    <message>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Chair %1 is yours</source>
        <translation>轮椅 %1 已租给您</translation>
    </message>
    <message>
        <source>The rental was cancelled</source>
        <translation>租用已取消</translation>
    </message>
    <message>
        <source>The chair was not taken, so the slot is locked again. Nothing was charged.</source>
        <translation>轮椅没有被取走，车位已重新锁好。没有收取任何费用。</translation>
    </message>
    <message>
        <source>Slot %1 is open. Please take the chair out now.</source>
        <translation>%1 号车位已打开，请现在把轮椅取出。</translation>
    </message>
    <message>
        <source>Thank you. Please return the chair at any kiosk or dock.</source>
        <translation>谢谢。用完后可在任一自助机或停靠点归还。</translation>
    </message>
    <message>
        <source>Please bring it back by %1.</source>
        <translation>请在 %1 前归还。</translation>
    </message>
    <message>
        <source>It is free until %1.</source>
        <translation>%1 之前免费。</translation>
    </message>
    <message>
        <source>The slip could not be printed. Your rental number is %1; a paper copy is at %2.</source>
        <translation>凭条没能打印。您的租用号是 %1，纸质凭条请到%2领取。</translation>
    </message>
    <message>
        <source>Your slip has been printed: it shows the chair number and the free time.</source>
        <translation>凭条已打印，上面有轮椅编号和免费时间。</translation>
    </message>
</context>
<context>
    <name>WheelchairPriceScreen</name>
    <message>
        <source>Chair %1: the price</source>
        <translation>轮椅 %1 的收费</translation>
    </message>
    <message>
        <source>Pay the %1 deposit with my phone</source>
        <translation>用手机交押金 %1</translation>
    </message>
    <message>
        <source>Rent chair %1 now</source>
        <translation>现在租用轮椅 %1</translation>
    </message>
    <message>
        <source>Take it home for 1 day</source>
        <translation>带回家用 1 天</translation>
    </message>
    <message>
        <source>You get the deposit back when you return the chair. To pay it with your phone, press the big blue button.</source>
        <translation>还轮椅时押金退回。用手机交押金，请按蓝色大按钮。</translation>
    </message>
    <message>
        <source>To rent the chair, press the big blue button.</source>
        <translation>要租用轮椅，请按蓝色大按钮。</translation>
    </message>
</context>
<context>
    <name>WheelchairReturnScreen</name>
    <message>
        <source>Wheel broken</source>
        <translation>车轮坏了</translation>
    </message>
    <message>
        <source>Brake loose</source>
        <translation>刹车松了</translation>
    </message>
    <message>
        <source>Other problem</source>
        <translation>其他问题</translation>
    </message>
    <message>
        <source>Is something broken? Touch it, and we will repair the chair.</source>
        <translation>有东西坏了吗？请点一下，我们会修理。</translation>
    </message>
    <message>
        <source>Give the chair back</source>
        <translation>归还轮椅</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Add it to my visit bill</source>
        <translation>计入我的就诊账单</translation>
    </message>
    <message>
        <source>Take it home instead</source>
        <translation>改为带回家使用</translation>
    </message>
    <message>
        <source>Pay now with my phone</source>
        <translation>现在用手机付款</translation>
    </message>
    <message numerus="yes">
        <source>Pay later (within %n day(s))</source>
        <translation>
            <numerusform>先用后付（%n 天内付清）</numerusform>
        </translation>
    </message>
    <message>
        <source>Thank you!</source>
        <translation>谢谢您！</translation>
    </message>
    <message>
        <source>Return chair %1</source>
        <translation>归还轮椅 %1</translation>
    </message>
    <message>
        <source>You used it for %1 h %2 min.</source>
        <translation>您使用了 %1 小时 %2 分钟。</translation>
    </message>
    <message>
        <source>To pay: %1</source>
        <translation>应付：%1</translation>
    </message>
    <message>
        <source>This chair was due back on %1. The extra days are in the fee.</source>
        <translation>这辆轮椅应在 %1 前归还，超出的天数已算在费用里。</translation>
    </message>
    <message>
        <source>This chair was already given back. Nothing more is charged.</source>
        <translation>这辆轮椅已经归还过了，不会再收费。</translation>
    </message>
    <message>
        <source>The receipt could not be printed; ask at %1 for a copy.</source>
        <translation>凭条没能打印，请到%1领取。</translation>
    </message>
    <message>
        <source>Your receipt has been printed.</source>
        <translation>凭条已打印。</translation>
    </message>
    <message>
        <source>Your deposit of %1 has gone back to your phone.</source>
        <translation>押金 %1已退回您的手机。</translation>
    </message>
    <message>
        <source>Your deposit of %1 is on its way back to your phone.</source>
        <translation>押金 %1正在退回您的手机。</translation>
    </message>
    <message>
        <source>Pay now with your phone, or add it to your visit bill and pay later under Pay.</source>
        <translation>可以现在用手机付款，也可以计入就诊账单，稍后在“缴费”里一起付。</translation>
    </message>
    <message>
        <source>The chair will be repaired. Thank you for telling us.</source>
        <translation>我们会修理这辆轮椅，谢谢您告诉我们。</translation>
    </message>
    <message>
        <source>There is nothing to pay.</source>
        <translation>不需要付费。</translation>
    </message>
    <message>
        <source>When you give the chair back, you can pay this now or add it to your visit bill.</source>
        <translation>还轮椅后，可以现在付款，也可以计入就诊账单。</translation>
    </message>
    <message>
        <source>This is added to your visit bill: pay it with your other charges under Pay.</source>
        <translation>费用已计入本次就诊账单，请在“缴费”中与其他费用一起支付。</translation>
    </message>
    <message>
        <source>To give the chair back, press the big blue button.</source>
        <translation>要归还轮椅，请按蓝色大按钮。</translation>
    </message>
</context>
<context>
    <name>WheelchairStartScreen</name>
    <message>
        <source>Wheelchair</source>
        <translation>轮椅租借</translation>
    </message>
    <message>
        <source>To rent a chair: hold the QR label on the chair up to the scanner or the camera.</source>
        <translation>租轮椅：请把轮椅上的二维码对准扫码口或摄像头。</translation>
    </message>
    <message>
        <source>To give a chair back: scan its label or your rental slip the same way.</source>
        <translation>还轮椅：同样扫一下轮椅上的二维码或租用凭条。</translation>
    </message>
    <message>
        <source>Hold the QR label on the wheelchair up to the scanner or the camera, or press the big button for any free chair.</source>
        <translation>请把轮椅上的二维码对准扫码口或摄像头，或按大按钮领取一辆空闲轮椅。</translation>
    </message>
    <message>
        <source>Give me any free chair from this kiosk</source>
        <translation>给我一辆本机的空闲轮椅</translation>
    </message>
</context>
<context>
    <name>WheelchairWords</name>
    <message>
        <source>This chair is not on our list. Please take another chair, or go to %1.</source>
        <translation>这辆轮椅不在本院登记中。请换一辆，或到%1。</translation>
    </message>
    <message>
        <source>This chair is already rented to someone else. Please choose another chair.</source>
        <translation>这辆轮椅已被别人租用，请换一辆。</translation>
    </message>
    <message>
        <source>This chair is waiting for a check or cleaning. Please choose another chair.</source>
        <translation>这辆轮椅正在等待检修或消毒，请换一辆。</translation>
    </message>
    <message>
        <source>This chair cannot be rented now. Please choose another chair, or go to %1.</source>
        <translation>这辆轮椅现在不能租用。请换一辆，或到%1。</translation>
    </message>
    <message>
        <source>There is no free chair in this kiosk&apos;s dock right now. Please go to %1.</source>
        <translation>本机停靠点现在没有空闲轮椅，请到%1。</translation>
    </message>
    <message>
        <source>A deposit of %2 is needed for you. Please go to %1 to pay it and get a chair.</source>
        <translation>您需要交押金 %2。请到%1交押金并领取轮椅。</translation>
    </message>
    <message>
        <source>You already have a wheelchair. Please return it first.</source>
        <translation>您已经租了一辆轮椅，请先归还。</translation>
    </message>
    <message>
        <source>The dock did not release the chair, so its slot is locked again. Nothing was charged. Please go to %1 for a chair.</source>
        <translation>车位没有放出轮椅，已重新锁好。没有收取任何费用。请到%1领取轮椅。</translation>
    </message>
    <message>
        <source>This chair is not rented out. You can leave it here.</source>
        <translation>这辆轮椅没有被租出，放在这里就可以。</translation>
    </message>
    <message>
        <source>The wheelchair on this slip has already been given back. There is nothing more to do.</source>
        <translation>这张凭条上的轮椅已经归还，无需再做什么。</translation>
    </message>
    <message>
        <source>This label is not one of our hospital&apos;s labels. Please take another chair, or go to %1.</source>
        <translation>这不是本院的轮椅标签。请换一辆，或到%1。</translation>
    </message>
    <message>
        <source>The label could not be read. Please hold the label on the chair flat and closer to the scanner.</source>
        <translation>标签没有读出来。请把轮椅上的标签放平，再靠近扫码口一些。</translation>
    </message>
    <message>
        <source>Sorry, something went wrong. Nothing was charged. Please go to %1.</source>
        <translation>抱歉，出了点问题，没有收取任何费用。请到%1。</translation>
    </message>
    <message>
        <source>Free for the first hour</source>
        <translation>前 1 小时免费</translation>
    </message>
    <message>
        <source>Free for the first %1 hours</source>
        <translation>前 %1 小时免费</translation>
    </message>
    <message>
        <source>Free for the first %1 minutes</source>
        <translation>前 %1 分钟免费</translation>
    </message>
    <message>
        <source>Then %1 per hour</source>
        <translation>之后每小时 %1</translation>
    </message>
    <message>
        <source>At most %1 per 24 hours</source>
        <translation>每 24 小时最多 %1</translation>
    </message>
    <message>
        <source>Taking it home: %1 per day</source>
        <translation>带回家使用：每天 %1</translation>
    </message>
    <message>
        <source>No deposit: it is waived for you.</source>
        <translation>免押金：您无需交押金。</translation>
    </message>
    <message>
        <source>Deposit: %1</source>
        <translation>押金：%1</translation>
    </message>
</context>
</TS>
