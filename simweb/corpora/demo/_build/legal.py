"""Terms / privacy / risk pages for every linked legal path that has no file yet (real sites have them)."""
import re
from pathlib import Path

LEGAL_RE = re.compile(r"(terms|privacy|agreement|risk|legal|user-agreement)", re.I)
HREF_RE = re.compile(r'href="(/[^"#?]*)"')

ZH = {
    "terms": ("用户协议", [
        "欢迎使用{brand}（以下简称“本平台”）。在注册账户或使用本平台服务前，请您务必仔细阅读并充分理解本协议全部条款。",
        "一、服务内容：本平台为用户提供数字资产之间的交易撮合、数字资产存管及相关信息服务。本平台不提供任何投资建议。",
        "二、账户注册：用户须年满十八周岁，提供真实、准确、完整的身份信息并完成实名认证（KYC）。",
        "三、用户义务：用户不得利用本平台从事洗钱、诈骗、非法集资等违法犯罪活动，不得出借、转让账户。",
        "四、费用：交易手续费、提币手续费以平台“费率标准”页面公布为准。",
        "五、免责声明：因不可抗力、系统维护、网络攻击等原因导致的服务中断，本平台不承担责任。",
        "六、本协议的解释、效力及纠纷解决均适用塞舌尔共和国法律。"]),
    "privacy": ("隐私政策", [
        "{brand}非常重视用户的个人信息保护。本政策说明我们如何收集、使用、存储和共享您的个人信息。",
        "我们收集的信息包括：注册时提供的手机号或邮箱、实名认证资料（身份证件、人脸识别信息）、登录设备信息及 IP 地址。",
        "我们仅在反洗钱合规、账户安全及提供服务所必需的范围内使用上述信息，不会向无关第三方出售您的个人信息。",
        "您可以随时通过在线客服申请查询、更正或删除您的个人信息。"]),
    "risk": ("风险提示", [
        "数字资产交易具有极高的风险，价格可能在短时间内大幅波动，您可能损失全部本金。",
        "杠杆与合约交易会放大收益与亏损，请根据自身财务状况谨慎参与。",
        "请妥善保管账户密码、谷歌验证码及资金密码，{brand}工作人员不会向您索要上述信息。"]),
}
HANT = {
    "terms": ("服務條款", ["歡迎使用{brand}。在註冊帳戶或使用本平台服務前，請您仔細閱讀本條款。",
                           "用戶須年滿十八歲並完成身份驗證。本平台保留在任何時候暫停或終止服務的權利。",
                           "本條款受香港特別行政區法律管轄。"]),
    "privacy": ("私隱政策", ["{brand}重視您的私隱。我們只會在提供服務及遵守法律規定所需的範圍內收集及使用您的個人資料。",
                            "您有權查閱及更正您的個人資料。"]),
    "risk": ("風險披露聲明", ["數字資產價格波動極大，可能變得毫無價值。投資前請審慎考慮自身財務狀況。"]),
}
JA = {
    "terms": ("利用規約", ["本規約は、{brand}（以下「当社」）が提供する暗号資産交換サービスの利用条件を定めるものです。",
                          "お客様は、本規約に同意のうえ口座開設を申し込むものとします。"]),
    "privacy": ("個人情報保護方針", ["当社は、お客様の個人情報を適切に取り扱い、法令を遵守します。"]),
    "risk": ("リスクについて", ["暗号資産は価格変動により損失が生じるおそれがあります。"]),
}
KO = {
    "terms": ("이용약관", ["본 약관은 {brand}(이하 '회사')가 제공하는 가상자산 거래 서비스의 이용 조건을 규정합니다.",
                          "회원은 본인 명의의 실명 확인 계좌를 통해서만 원화 입출금을 할 수 있습니다."]),
    "privacy": ("개인정보처리방침", ["회사는 개인정보 보호법에 따라 이용자의 개인정보를 보호합니다."]),
    "risk": ("투자 위험 고지", ["가상자산은 가격 변동성이 매우 큽니다."]),
}
EN = {
    "terms": ("Terms of Use", ["These Terms of Use govern your access to and use of the services provided by {brand}.",
                               "You must be at least 18 years old and complete identity verification to open an account.",
                               "Restricted Jurisdictions: we do not onboard residents of the United States, Cuba, Iran, North Korea, Syria or the Crimea region.",
                               "Trading fees are published on our Fees page and may change with notice."]),
    "privacy": ("Privacy Notice", ["{brand} collects the personal data needed to provide the services and to meet anti-money-laundering obligations.",
                                   "We do not sell your personal data. You may request access, correction or deletion at any time."]),
    "risk": ("Risk Disclosure", ["Trading crypto-assets involves significant risk and may result in the loss of your entire investment."]),
}


def kind_of(path):
    p = path.lower()
    if "privacy" in p:
        return "privacy"
    if "risk" in p:
        return "risk"
    return "terms"


def language(html):
    m = re.search(r'<html[^>]*\blang="([^"]+)"', html)
    lang = (m.group(1).lower() if m else "")
    cjk = len(re.findall(r"[\u4e00-\u9fff]", html))
    if lang.startswith("ja"):
        return "ja", JA
    if lang.startswith("ko"):
        return "ko", KO
    if lang in ("zh-tw", "zh-hk", "zh-hant", "zh-hant-hk", "zh-hant-tw"):
        return "zh-Hant", HANT
    if lang.startswith("zh"):
        return "zh-CN", ZH
    if cjk < 30:
        return "en", EN
    return language_by_content(html)


def language_by_content(html):
    if re.search(r"[\u3040-\u30ff]", html):
        return "ja", JA
    if re.search(r"[\uac00-\ud7a3]", html):
        return "ko", KO
    if re.search(r"[資產註冊語幣與們為這會於據]", html):
        return "zh-Hant", HANT
    if re.search(r"[\u4e00-\u9fff]", html):
        return "zh-CN", ZH
    return "en", EN


def fill(sites: Path, brand_of):
    made = 0
    for host_dir in sorted(p for p in sites.iterdir() if p.is_dir()):
        for page in list(host_dir.rglob("*.html")):
            try:
                html = page.read_text("utf-8")
            except UnicodeDecodeError:
                continue
            lang, table = language(html)
            for path in set(HREF_RE.findall(html)):
                if not LEGAL_RE.search(path):
                    continue
                rel = path.lstrip("/")
                target = host_dir / rel
                if target.is_file() or (target / "index.html").is_file():
                    continue
                title, paras = table[kind_of(path)]
                brand = brand_of(host_dir.name)
                body = "\n".join("<p>%s</p>" % x.format(brand=brand) for x in paras)
                doc = ('<!DOCTYPE html>\n<html lang="%s">\n<head><meta charset="utf-8"><title>%s - %s</title></head>\n'
                       '<body>\n<header><a href="/">%s</a></header>\n<main><h1>%s</h1>\n%s\n<p class="updated">2026-03-01</p></main>\n'
                       '</body></html>\n') % (lang, title, brand, brand, title, body)
                (target / "index.html").parent.mkdir(parents=True, exist_ok=True)
                (target / "index.html").write_text(doc, encoding="utf-8")
                made += 1
    return made
