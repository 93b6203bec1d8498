<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CardPrompt</name>
    <message>
        <source>This ID card has expired, so it cannot be used here. Please use one of the other ways, or go to %1.</source>
        <translation>这张身份证已过有效期，不能在这里使用。请用下面的其他方式，或前往%1。</translation>
    </message>
    <message>
        <source>This card&apos;s number does not look right. Please use one of the other ways, or go to %1.</source>
        <translation>这张卡上的号码好像不对。请用其他方式，或前往%1。</translation>
    </message>
    <message>
        <source>The card was taken away too soon. Please put it back on the reader and leave it there until the screen changes.</source>
        <translation>身份证拿开得太快了。请把它放回感应区，等屏幕变化后再拿开。</translation>
    </message>
    <message>
        <source>The card could not be read. Please put it flat on the reader again, or use one of the other ways.</source>
        <translation>没能读出这张身份证。请把它平放在感应区再试一次，或用其他方式。</translation>
    </message>
    <message>
        <source>The card reader is not working right now. Please use one of the other ways, or go to %1.</source>
        <translation>身份证读卡器暂时不能使用。请用其他方式，或前往%1。</translation>
    </message>
    <message>
        <source>The hospital system did not answer. Please put your card on the reader again, or go to %1.</source>
        <translation>医院系统没有响应。请把身份证重新放在感应区，或前往%1。</translation>
    </message>
    <message>
        <source>Place your ID card on the reader</source>
        <translation>请把身份证放在感应区</translation>
    </message>
</context>
<context>
    <name>IdNumberScreen</name>
    <message>
        <source>This number does not look right. Please check each character against your ID card.</source>
        <translation>这个号码好像不对。请对照身份证逐位检查。</translation>
    </message>
    <message>
        <source>We could not find this number. Please check it, or go to %1.</source>
        <translation>没有找到这个号码。请检查一下，或前往%1。</translation>
    </message>
    <message>
        <source>The hospital system did not answer. Please try again, or go to %1.</source>
        <translation>医院系统没有响应。请再试一次，或前往%1。</translation>
    </message>
    <message>
        <source>Your ID card number</source>
        <translation>您的身份证号</translation>
    </message>
    <message>
        <source>Type the 18 characters on your ID card, then press OK.</source>
        <translation>请输入身份证上的 18 位号码，然后按“确定”。</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>You can simply place your ID card on the reader. Or type its number on the big keys, then press OK.</source>
        <translation>您可以直接把身份证放在感应区。也可以用大按键输入身份证号，然后按“确定”。</translation>
    </message>
    <message>
        <source>Please type your ID card number on the big keys, then press OK.</source>
        <translation>请用大按键输入您的身份证号，然后按确定。</translation>
    </message>
</context>
<context>
    <name>IdentifyChoiceScreen</name>
    <message>
        <source>This code did not find you. Please try another way below, or go to %1.</source>
        <translation>这个码没有找到您的信息。请试试下面的其他方式，或前往%1。</translation>
    </message>
    <message>
        <source>The hospital system did not answer. Please try again, or go to %1.</source>
        <translation>医院系统没有响应。请再试一次，或前往%1。</translation>
    </message>
    <message>
        <source>The code scanner is not working. Please use one of the buttons below.</source>
        <translation>扫码器暂时不能使用。请使用下面的按钮。</translation>
    </message>
    <message>
        <source>Face check-in is not working right now, so please use one of the ways below.</source>
        <translation>刷脸签到现在不能使用，请用下面的一种方式。</translation>
    </message>
    <message>
        <source>Nobody has registered a face for check-in yet, so please use one of the ways below. You can register yours after checking in.</source>
        <translation>还没有人登记过刷脸签到，请用下面的一种方式。签到后您可以登记自己的人脸。</translation>
    </message>
    <message>
        <source>How shall we find you?</source>
        <translation>请选择找到您信息的方式</translation>
    </message>
    <message>
        <source>Hold your insurance e-code or your ID card&apos;s QR code under the scanner.</source>
        <translation>请把医保电子凭证或身份证二维码放在扫码口下方。</translation>
    </message>
    <message>
        <source>Type my ID card number</source>
        <translation>输入身份证号</translation>
    </message>
    <message>
        <source>Phone number and birth date</source>
        <translation>手机号和出生日期</translation>
    </message>
    <message>
        <source>Try my face again</source>
        <translation>再试一次刷脸</translation>
    </message>
    <message>
        <source>Place your ID card on the reader. Or hold your insurance code under the scanner, or press a big button to type your details.</source>
        <translation>请把身份证放在感应区。也可以把医保码放在扫码口下方，或按大按钮输入您的信息。</translation>
    </message>
    <message>
        <source>Hold your insurance code under the scanner, or press a big button to type your details.</source>
        <translation>请把医保码放在扫码口下方，或按大按钮输入您的信息。</translation>
    </message>
</context>
<context>
    <name>NewPatientFileScreen</name>
    <message>
        <source>This ID card has expired. Please renew it, or go to %1.</source>
        <translation>这张身份证已过有效期。请先换证，或前往%1。</translation>
    </message>
    <message>
        <source>The details on this card cannot be used for a patient file. Please go to %1.</source>
        <translation>这张卡上的信息不能用来建档。请前往%1。</translation>
    </message>
    <message>
        <source>Please type your mobile phone number first.</source>
        <translation>请先输入您的手机号。</translation>
    </message>
    <message>
        <source>This phone number does not look right. Please check it: 11 digits, starting with 1.</source>
        <translation>这个手机号好像不对。请检查：11 位数字，以 1 开头。</translation>
    </message>
    <message>
        <source>The hospital would not open a file with these details. Please go to %1.</source>
        <translation>医院不能用这些信息建档。请前往%1。</translation>
    </message>
    <message>
        <source>The hospital system did not answer. Nothing was saved. Please try again, or go to %1.</source>
        <translation>医院系统没有响应，没有保存任何信息。请再试一次，或前往%1。</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>New patient file</source>
        <translation>新患者建档</translation>
    </message>
    <message>
        <source>You are new here. Your file will hold these details from your ID card.</source>
        <translation>您是第一次来本院。您的档案将使用身份证上的以下信息。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Born</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Mobile phone, 11 digits (needed)</source>
        <translation>手机号，11 位（必填）</translation>
    </message>
    <message>
        <source>Mobile phone, 11 digits (may stay empty)</source>
        <translation>手机号，11 位（可不填）</translation>
    </message>
    <message>
        <source>Open my patient file</source>
        <translation>为我建档</translation>
    </message>
    <message>
        <source>You are new to this hospital. Please type your mobile phone number, then press Open my patient file.</source>
        <translation>您是第一次来本院。请输入手机号，然后按“为我建档”。</translation>
    </message>
    <message>
        <source>You are new to this hospital. You may type your mobile phone number, then press Open my patient file.</source>
        <translation>您是第一次来本院。可以输入手机号，然后按“为我建档”。</translation>
    </message>
</context>
<context>
    <name>PhoneBirthScreen</name>
    <message>
        <source>The phone number or the birth date does not look right. Please check them.</source>
        <translation>手机号或出生日期好像不对，请检查一下。</translation>
    </message>
    <message>
        <source>More than one patient matches. Please use your ID card, or go to %1.</source>
        <translation>有不止一位患者符合。请使用身份证，或前往%1。</translation>
    </message>
    <message>
        <source>We could not find you with these details. Please check them, or go to %1.</source>
        <translation>没有用这些信息找到您。请检查一下，或前往%1。</translation>
    </message>
    <message>
        <source>The hospital system did not answer. Please try again, or go to %1.</source>
        <translation>医院系统没有响应。请再试一次，或前往%1。</translation>
    </message>
    <message>
        <source>Phone number and birth date</source>
        <translation>手机号和出生日期</translation>
    </message>
    <message>
        <source>Type your mobile phone number, then your birth date: year, month, day.</source>
        <translation>请先输入手机号，再输入出生日期：年、月、日。</translation>
    </message>
    <message>
        <source>Mobile phone (11 digits)</source>
        <translation>手机号（11 位）</translation>
    </message>
    <message>
        <source>Birth date (year-month-day)</source>
        <translation>出生日期（年-月-日）</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Please type your mobile phone number, then your birth date, then press OK.</source>
        <translation>请输入手机号，再输入出生日期，然后按确定。</translation>
    </message>
</context>
</TS>
