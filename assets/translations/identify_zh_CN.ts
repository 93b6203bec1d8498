<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
        <source>Hold your insurance code under the scanner, or press a big button to type your details.</source>
        <translation>请把医保码放在扫码口下方，或按大按钮输入您的信息。</translation>
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
