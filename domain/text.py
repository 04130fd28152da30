"""What a complaint text says (pure): urgent signals, the category it reads as, its keywords, and
the tokens full-text search indexes.

``analyse(text)`` splits the text into clauses (at punctuation) and applies rules: word families
combined into patterns (a verb of publishing near a piece of personal data, a contact verb near a
relative or colleague, a phrase of ending one's life …). Each match is checked within its clause:
a negation just before it ("我没有想自杀", "并没有威胁我") or after it ("轻生的念头从来没有") cancels
it, as does worry rather than an event ("担心信息泄露") for exposure, the complainant acting
("我要去媒体曝光你们") and look-alike contexts ("账户存在安全威胁", "死机", "笑死", "砸锅卖铁").
Single-character verbs (砸, 揍, 抢 …) count only as whole jieba words. Digit runs (amounts, agent
codes, times) are masked before any rule runs, so the result never depends on them, and a text
that differs from another only in its numbers is analysed once (``functools.lru_cache``).

What the rules miss, a learned reading takes: character 1–3-grams and logistic regressions fitted on
labelled complaint sentences (``text_examples.csv``) call a text urgent, with its theme, and name the
category of a text whose cue words say nothing; it never overrules a negation or look-alike the rules
saw, and its reason names the n-grams that weighed most. The rules alone reached urgent recall 0.55
to 0.85 on sentences written without sight of them; with the learned reading 0.925 at precision
0.925 on 200 sentences it was not fitted on (tests/domain/test_text.py).

Urgent themes are the L1 themes of seed 000: self-harm, threatening or violent collection,
exposure of personal data, contact of third parties; any of them makes the text urgent and
names its category. Without one the category is the non-urgent category whose cue words the text
uses most (words after "但/只是/就是" count double: that is what people complain about).
"""

from __future__ import annotations

import csv
import functools
import logging
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import jieba

if TYPE_CHECKING:  # imported on first use: every db command imports this module
    import jieba.analyse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

HERE = Path(__file__).resolve().parent
WORDS_FILE = HERE / "text_words.txt"  # jieba user dictionary of the collection domain
STOPWORDS_FILE = HERE / "text_stopwords.txt"
# Labelled complaint sentences the learned reading is fitted on (text, urgent, theme, category); the
# sets the tests measure it on (tests/domain/data/text_unseen.csv) are not among them.
EXAMPLES_FILE = HERE / "text_examples.csv"
# The probability from which the learned reading calls a text urgent (chosen by 5-fold cross-validation
# on the examples), and from which it names the category of a text the cue words leave open.
LEARNED_URGENT = 0.6
LEARNED_CATEGORY = 0.3

THEMES = ("self_harm", "threat", "exposure", "third_party")  # in order of precedence
THEME_CATEGORY = {
    "self_harm": "suicide_risk",
    "threat": "violent_collection",
    "exposure": "data_leak",
    "third_party": "third_party_contact",
}
KEYWORDS = 5  # keywords kept per text
KEYWORD_MAX = 40  # characters of a stored keyword

_CLAUSE_END = re.compile(r"[。！？!?；;…\n\r]+|[，,、：:](?!\d)|(?<!\d)[,:]|\s{2,}")
_SENTENCE_END = re.compile(r"[。！？!?；;\n\r]+")
_DIGITS = re.compile(r"[0-9][0-9.,:/_-]*")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_HAN_OR_ALNUM = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[0-9A-Za-z]+")
_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")
_NEEDS_NFKC = re.compile(r"[\uf900-\ufaff\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")  # compatibility forms


@dataclass(frozen=True)
class Reason:
    """Why: the urgent theme (None for a category cue), the rule and the words as found."""

    theme: str | None
    rule: str
    words: str


@dataclass(frozen=True)
class TextAnalysis:
    """What ``analyse`` finds: ``theme`` is the first of ``themes`` in precedence order."""

    urgent: bool
    theme: str | None
    themes: tuple[str, ...]
    category: str | None
    keywords: tuple[str, ...]
    reasons: tuple[Reason, ...]


# --------------------------------------------------------------------------- tokenizer


class _Jieba:
    """One jieba tokenizer with the domain dictionary and one keyword extractor per process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tokenizer: jieba.Tokenizer | None = None
        self._tfidf: jieba.analyse.TFIDF | None = None

    def tokenizer(self) -> jieba.Tokenizer:
        with self._lock:
            if self._tokenizer is None:
                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                tokenizer.load_userdict(str(WORDS_FILE))  # no frequency: jieba picks one that keeps each word whole
                self._tokenizer = tokenizer
            return self._tokenizer

    def tfidf(self) -> jieba.analyse.TFIDF:
        import jieba.analyse  # loads its IDF table (half a second): only where keywords are wanted

        tokenizer = self.tokenizer()
        with self._lock:
            if self._tfidf is None:
                tfidf = jieba.analyse.TFIDF()
                tfidf.tokenizer = tokenizer
                tfidf.set_stop_words(str(STOPWORDS_FILE))
                self._tfidf = tfidf
            return self._tfidf


_JIEBA = _Jieba()


def normalise(text: str) -> str:
    """NFKC (full-width letters, digits and punctuation become ASCII) and upper-case Latin letters."""
    return unicodedata.normalize("NFKC", text or "").upper()


def mask_digits(text: str) -> str:
    """``normalise``d text with every run of digits (with its separators) as one ``0``."""
    return _DIGITS.sub("0", normalise(text))


def words(text: str) -> list[str]:
    """The words of ``text`` as the domain tokenizer segments it (whitespace dropped)."""
    return [w for w in _JIEBA.tokenizer().lcut(normalise(text)) if w.strip()]


@functools.lru_cache(maxsize=4096)
def _han_search_tokens(han_run: str) -> tuple[str, ...]:
    return tuple(_JIEBA.tokenizer().lcut_for_search(han_run))


def search_tokens(text: str) -> list[str]:
    """The distinct tokens full-text search indexes, in order: jieba's search-engine cut of each run
    of Chinese characters (words and the shorter words inside them) and each run of ASCII letters
    or digits in lower case. A query is cut the same way; a text matches when it has every token."""
    seen: dict[str, None] = {}
    for raw in _RUN.findall(text or ""):
        for run in _HAN_OR_ALNUM.findall(normalise(raw)) if _NEEDS_NFKC.search(raw) else (raw,):
            if _HAN.fullmatch(run):
                seen.update(dict.fromkeys(_han_search_tokens(run)))
            else:
                seen[run.lower()] = None
    return list(seen)


# --------------------------------------------------------------------------- word families


def _any(*words: str) -> str:
    """A regex alternative of ``words``, longest first."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) + ")"


def _gap(n: int) -> str:
    return f"[^，,。！？]{{0,{n}}}"


KIN = r"(?:[表堂](?:哥|姐|弟|妹|叔|姑)|[大小二三四]?(?:姨|舅|叔|伯|姑)(?:妈|父|夫|子)?|侄子|侄女|外甥|女婿|儿媳|嫂子|弟媳|姐夫|妹夫|连襟)"
RELATIVE_WORDS = _any(
    *[
        "家人",
        "家里人",
        "家属",
        "全家",
        "父母",
        "爸妈",
        "爸爸",
        "妈妈",
        "老爸",
        "老妈",
        "我爸",
        "我妈",
        "母亲",
        "父亲",
        "老母亲",
        "老父亲",
        "老人",
        "老人家",
        "爷爷",
        "奶奶",
    ],
    *[
        "外公",
        "外婆",
        "姥姥",
        "姥爷",
        "老婆",
        "妻子",
        "媳妇",
        "老公",
        "丈夫",
        "爱人",
        "对象",
        "男朋友",
        "女朋友",
        "前夫",
        "前妻",
        "孩子",
        "儿子",
        "女儿",
        "小孩",
        "闺女",
    ],
    *[
        "亲戚",
        "亲友",
        "亲人",
        "哥哥",
        "姐姐",
        "弟弟",
        "妹妹",
        "我哥",
        "我姐",
        "我弟",
        "我妹",
        "兄弟",
        "姐妹",
        "婆婆",
        "公公",
        "岳父",
        "岳母",
        "丈母娘",
        "舅舅",
        "姑姑",
        "阿姨",
        "叔叔",
    ],
)
RELATIVE = f"(?:{RELATIVE_WORDS}|{KIN})"
ACQUAINTANCE = _any(
    *[
        "朋友",
        "好友",
        "同学",
        "同事",
        "领导",
        "老板",
        "上司",
        "单位",
        "人事",
        "人事部",
        "前台",
        "客户",
        "房东",
        "邻居",
        "班主任",
        "老师",
        "学校",
        "紧急联系人",
        "联系人",
    ],
    *[
        "通讯录",
        "村委会",
        "居委会",
        "物业",
        "公司领导",
        "合伙人",
        "战友",
        "微信好友",
        "室友",
        "舍友",
        "工友",
        "老乡",
        "主任",
        "车间主任",
        "经理",
        "主管",
        "HR",
        "同行",
    ],
    *["村支书", "支书", "村干部", "村长", "合租", "前同事", "师傅", "徒弟", "股东", "甲方", "乙方", "顾客"],
)
THIRD = f"(?:{RELATIVE}|{ACQUAINTANCE})"
CONTACT = _any(
    *[
        "打电话",
        "打给",
        "打到",
        "打去",
        "打来",
        "打了电话",
        "电话打",
        "打遍",
        "挨个打",
        "联系",
        "联络",
        "骚扰",
        "找到",
        "找上",
        "去找",
        "来找",
        "发短信",
        "发信息",
    ],
    *["发微信", "发消息", "通知", "告诉", "告知", "转告", "转达", "带话", "打听", "敲门", "要钱", "催", "打扰"],
)
PERSONAL = _any(
    *[
        "信息",
        "资料",
        "隐私",
        "照片",
        "相片",
        "头像",
        "身份证",
        "身份证号",
        "住址",
        "地址",
        "家庭住址",
        "手机号",
        "电话号码",
        "号码",
        "姓名",
        "名字",
        "全名",
        "欠款",
    ],
    *[
        "借款",
        "欠钱",
        "欠债",
        "债务",
        "借款记录",
        "合同",
        "征信",
        "征信报告",
        "通讯录",
        "联系人",
        "聊天记录",
        "截图",
        "工作单位",
        "欠款信息",
        "欠款金额",
        "个人",
        "数据",
    ],
)
DISCLOSE = _any(
    *[
        "泄露",
        "泄漏",
        "外泄",
        "流出",
        "曝光",
        "公开",
        "公布",
        "卖给",
        "卖了",
        "倒卖",
        "转卖",
        "出卖",
        "导出",
        "打出",
        "点名",
        "P成",
        "P图",
        "附上",
        "附了",
        "挂出",
    ]
)
SPREAD = _any(
    *[
        "发到",
        "发在",
        "发给",
        "发布",
        "群发",
        "转发",
        "挂到",
        "挂在",
        "贴到",
        "贴在",
        "贴了",
        "张贴",
        "晒",
        "传到",
        "散布",
        "散播",
        "宣扬",
        "到处说",
        "到处问",
        "到处讲",
        "拉横幅",
    ],
    *["传", "流传", "传播", "传开", "留言", "评论", "做成"],
)
PUBLISH = f"(?:{DISCLOSE}|{SPREAD})"
DATA = _any(
    *["信息", "资料", "隐私", "照片", "相片", "身份证", "住址", "家庭住址", "手机号", "电话号码", "号码", "欠款信息"],
    *["欠款金额", "借款记录", "借款信息", "合同", "截图", "征信", "聊天记录", "个人情况", "欠款情况", "借款情况"],
)
ONLINE = _any(
    *[
        "贴吧",
        "网上",
        "群里",
        "朋友圈",
        "抖音",
        "快手",
        "微博",
        "论坛",
        "公众号",
        "网站",
        "评论区",
        "直播间",
        "视频号",
        "小红书",
    ]
)
PUBLIC = _any(
    *[
        "群",
        "群里",
        "朋友圈",
        "网上",
        "网络",
        "抖音",
        "快手",
        "微博",
        "贴吧",
        "公众号",
        "论坛",
        "小区",
        "公告栏",
        "村口",
        "门口",
        "楼下",
        "单位",
        "业主群",
        "工作群",
        "评论区",
    ],
    *["直播间", "视频号", "小红书", "名单", "黑名单", "失信名单", "村里", "老家"],
    *[
        "所有人",
        "所有的",
        "好友",
        "亲戚",
        "朋友",
        "同事",
        "家人",
        "父母",
        "前男友",
        "前女友",
        "通讯录",
        "联系人",
        "大家",
        "全公司",
        "全单位",
    ],
)
COMPANY_OBJECT = _any(
    *["你们", "贵公司", "贵司", "公司", "这家", "平台", "此事", "道歉", "透明", "收费", "标准", "利率", "费用", "广告"]
)
WORRY = _any(*["担心", "害怕", "怕", "万一", "以防", "防止", "避免", "会不会", "是否会", "生怕"])
NEGATOR = re.compile(
    r"(?:不(?=想|愿意|打算|准备)|没有|没|并非|不是|并不|并未|从未|从没|未曾|不曾|不会|绝不|决不|不算|谈不上|算不上|别说|未|无)"
)
BREAKER = re.compile(r"还|却|但|就|又|而且|反而|竟|结果|然后|只是|而是|甚至|才")
NOT_NEGATING = re.compile(r"不[要许准能得让敢用]|别")
POST_NEGATION = re.compile(
    r"^[的念头想法打算意思事这种]{0,4}(?:我|他|她|他们)?(?:从来|从|并|根本|还|都|也)?(?:没有|没|不会|不曾)[过的了]?$"
)
HYPOTHETICAL = re.compile(r"(?:说|可能|将|也许)?会[^，,。]{0,2}$")
SELF_ACTOR = re.compile(r"^(?:我|我们|本人)(?:自己)?[要会将就也都已经准备打算想去主动一定必须]*(?:把[^，,。]{0,10})?$")


@dataclass(frozen=True)
class _Rule:
    """A pattern of one theme (or category); ``whole`` are single characters that must be whole jieba
    words where they match; ``actor`` cancels it when the complainant is the one acting; ``worry``
    when the clause only fears it; ``unless`` is a look-alike context that cancels it."""

    theme: str
    name: str
    pattern: re.Pattern[str]
    whole: frozenset[str] = frozenset()
    actor: bool = False
    worry: bool = False
    unless: re.Pattern[str] | None = None
    sentence: bool = False  # matched over the whole sentence, not one clause


def _rule(
    theme: str,
    name: str,
    pattern: str,
    *,
    whole: str = "",
    actor: bool = False,
    worry: bool = False,
    unless: str | None = None,
    sentence: bool = False,
) -> _Rule:
    return _Rule(
        theme,
        name,
        re.compile(pattern),
        frozenset(whole),
        actor,
        worry,
        re.compile(unless) if unless else None,
        sentence,
    )


END_LIFE = _any(
    *[
        "自杀",
        "轻生",
        "寻死",
        "寻短见",
        "想不开",
        "一死了之",
        "一了百了",
        "死了算了",
        "不如死了",
        "不如去死",
        "去死",
        "想死",
        "死给你们看",
        "死在你们面前",
    ],
    *[
        "不想活",
        "活不下去",
        "不活了",
        "活着没意思",
        "活着没有意思",
        "活着没意义",
        "活着没有意义",
        "活着没有任何意义",
        "活着太累",
        "活着好累",
        "活腻",
    ],
    *[
        "没有活下去",
        "活下去还有什么意义",
        "结束生命",
        "结束自己",
        "了结自己",
        "自己了断",
        "自我了断",
        "了断",
        "离开这个世界",
        "离开人世",
    ],
    *[
        "跳楼",
        "跳河",
        "跳江",
        "跳湖",
        "跳海",
        "跳桥",
        "跳下去",
        "上吊",
        "割腕",
        "烧炭",
        "喝农药",
        "喝了农药",
        "吃安眠药",
        "安眠药",
        "服毒",
        "喝药",
        "吞药",
        "农药",
    ],
    *[
        "遗书",
        "遗言",
        "交代后事",
        "后事",
        "自残",
        "伤害自己",
        "做傻事",
        "绝路",
        "随我妈去",
        "随他去",
        "陪我妈去",
        "我死了",
        "逼死",
        "死路",
        "消失",
    ],
    *[
        "撑不下去",
        "撑不住",
        "熬不下去",
        "还能撑",
        "走投无路",
        "没有出路",
        "不想拖累",
        "绝望",
        "解脱",
        "情绪低落",
        "情绪非常低落",
    ],
    *[
        "别活了",
        "告别的话",
        "像告别",
        "告别一样",
        "告别信",
        "永别",
        "下辈子再",
        "来世",
        "扛不住",
        "扛不下去",
        "吊死",
        "卧轨",
        "开煤气",
        "跳下",
    ],
    *[
        "要命一条",
        "命一条",
        "一命抵一命",
        "拿命",
        "用命还",
        "命都不要",
        "这条命",
        "命给你们",
        "不想连累",
        "连累",
        "想走",
        "最后一次",
        "江边",
        "河边",
        "楼顶",
        "天台",
    ],
    # poisons, methods and euphemisms of dying; what is left after death (收尸, 后事, 上坟)
    *["敌敌畏", "百草枯", "老鼠药", "毒鼠强", "敌百虫", "除草剂", "一瓶药", "割脉", "抹脖子", "投河", "投江", "投湖"],
    *["跳崖", "自尽", "自缢", "了此残生", "了却残生", "收尸", "陪葬", "给我上坟", "人死债消", "人死账消", "人死债清"],
    *["死了就不用还", "以死谢罪", "以死明志", "以死相逼", "见阎王", "黄泉", "结束这一切", "结束一切", "结束这条命"],
    *["不如不活", "活不成", "活着干嘛", "活着干什么", "活着有什么用", "没脸活", "没法活", "没办法活", "不想醒来"],
    *["永远睡", "先走一步", "最后一通电话", "最后一个电话", "后会无期", "替我照顾", "生不如死", "同归于尽"],
    *["安安静静地走", "安静地走", "悄悄地走", "静静地走", "寻死觅活", "熬不住", "顶不住", "扛不动", "没活路"],
    *["没有活路", "一走了之", "鱼死网破", "看不到希望", "没有希望", "没希望", "了结", "不想面对"],
)
# "死" and "命" standing alone mean death unless an idiom or an intensifier holds them ("烦死了", "死机", "拼命").
DEATH = r"(?<![烦气累急吓热忙困饿冷痛笑吵闷挤懒馋疼打弄逼砍捅憋卡要])死(?![机活板心磕缠循党者])"
LIFE_WORTHLESS = (
    r"(?:活着|活下去|人生|这辈子|这日子)[^，,。]{0,6}(?:没意思|没有意思|没意义|没有意义|什么意思|什么意义|什么盼头|没盼头|没有盼头"
    r"|没希望|没有希望|没指望|没劲|太累|太苦|好累|好苦|熬头|过不下去|太难|好难|真难|太痛苦|受罪|煎熬|有什么用"
    r"|干嘛|干什么|还有什么)"
    r"|(?:站在|坐在|爬上|爬到|来到|现在在)[^，,。]{0,3}(?:天台|楼顶|顶楼|桥上|大桥|江边|河边|湖边|海边|铁轨|窗台|悬崖)"
    r"|(?:想|要|准备|打算|就|找个地方)[^，,。]{0,8}(?:安安静静|悄悄|静静|一个人)地?(?:走|离开)"
    r"|(?:拿刀|刀子|刀片|绳子)[^，,。]{0,8}(?:手腕|脖子|割|比划|吊|上吊)|(?:割|划)[^，,。]{0,2}手腕"
    r"|对不起[^。]{0,12}(?:联系不上|关机|失联|找不到人)"
)
# Weak signals of despair: two different ones in a text make it urgent, one alone does not.
DESPAIR_WEAK = frozenset(
    {
        "撑不下去",
        "撑不住",
        "熬不下去",
        "还能撑",
        "走投无路",
        "没有出路",
        "不想拖累",
        "消失",
        "绝路",
        "死路",
        "绝望",
        "解脱",
    }
    | {"扛不住", "扛不下去", "连累", "不想连累", "想走", "最后一次", "江边", "河边", "楼顶", "天台"}
    | {"情绪低落", "情绪非常低落"}
    | {"熬不住", "顶不住", "扛不动", "没活路", "没有活路", "一走了之", "鱼死网破", "看不到希望", "没有希望", "没希望"}
    | {"了结", "不想面对"}
)
END_LIFE_TRAPS = _any(
    *[
        "自杀式",
        "跳楼价",
        "跳楼大甩卖",
        "农药残留",
        "笑死",
        "气死",
        "累死",
        "烦死",
        "急死",
        "吓死",
        "热死",
        "忙死",
        "困死",
        "死机",
        "死活",
    ]
)

RULES: tuple[_Rule, ...] = (
    # --- self-harm
    _rule("self_harm", "self_harm.phrase", END_LIFE, unless=END_LIFE_TRAPS),
    _rule(
        "self_harm",
        "self_harm.jump",
        r"(?:天台|楼顶|楼上|窗台|阳台|桥上|桥边|河边|江边|湖边)[^。！？]{0,20}跳(?!槽|舞|绳)",
        whole="跳",
        sentence=True,
    ),
    _rule("self_harm", "self_harm.worthless", LIFE_WORTHLESS, sentence=True),
    _rule("self_harm", "self_harm.die", r"(?:我|就|想|要|只能|宁可|大不了)[^，,。]{0,3}死(?:了|掉|在|给)", whole="死"),
    _rule("self_harm", "self_harm.death", DEATH + r"(?:了|掉|路|给|在)", unless=END_LIFE_TRAPS),
    # --- threats and violence
    _rule(
        "threat",
        "threat.word",
        _any(*["威胁", "恐吓", "扬言", "放话", "要挟", "胁迫", "威逼", "暴力催收"]),
        actor=True,
        unless=r"(?:安全|风险|病毒|盗刷|网络|系统|木马)威胁|威胁到?[^，,。]{0,3}(?:账户|账号|资金|设备)",
    ),
    _rule(
        "threat",
        "threat.harm",
        _any(
            *[
                "人身安全",
                "黑社会",
                "道上的",
                "后果自负",
                "走着瞧",
                "让你好看",
                "让我好看",
                "给你好看",
                "好果子吃",
                "吃不了兜着走",
                "不会放过",
                "出门小心",
            ],
            *[
                "小心点",
                "小心你",
                "废了你",
                "废了我",
                "弄死",
                "打死",
                "砍死",
                "捅死",
                "杀了你",
                "杀了我",
                "弄残",
                "打残",
                "拳打脚踢",
                "殴打",
                "暴打",
                "动手",
                "推倒",
                "推搡",
            ],
            *[
                "掐",
                "放火",
                "绑架",
                "绑去",
                "绑走",
                "跟踪",
                "蹲守",
                "待不下去",
                "混不下去",
                "活不安生",
                "不得安宁",
                "出不了门",
                "别想走",
                "不让我出门",
                "不让我走",
            ],
            *[
                "抬不起头",
                "卸我",
                "卸你",
                "卸了",
                "冥币",
                "花圈",
                "寿衣",
                "恐吓信",
                "血书",
                "彪形大汉",
                "壮汉",
                "纹身",
                "有的是办法",
                "睡觉小心",
                "断手断脚",
            ],
            *[
                "不敢保证",
                "掂量",
                "衣领",
                "泼油漆",
                "泼红漆",
                "泼了红油漆",
                "泼红油漆",
                "泼粪",
                "打断腿",
                "拍桌子",
                "摔东西",
                "砸东西",
                "大吵大闹",
                "闹事",
            ],
            # harm to come, lessons, weapons, being followed or shut in
            *["出车祸", "被车撞", "出意外", "三长两短", "不测", "缺胳膊少腿", "断条腿", "断只手", "腿打折", "放你血"],
            *["见血", "开瓢", "横着出去", "躺着出去", "长长记性", "长点记性", "吃点苦头", "尝尝厉害", "尝点苦头"],
            *["让你后悔", "教你做人", "找你算账", "找我算账", "要你命", "要你的命", "要了你的命", "你全家"],
            *[
                "拿刀",
                "带刀",
                "提刀",
                "砍你",
                "砍我",
                "捅你",
                "捅我",
                "硫酸",
                "汽油",
                "炸了你",
                "看着点身后",
                "小心身后",
            ],
            *["背后小心", "当心点", "留神点", "识相", "别怪我", "不择手段", "干得出来"],
            *[
                "做得出来",
                "尾随",
                "盯梢",
                "蹲点",
                "盯着我",
                "一路跟",
                "冲进",
                "闯进",
                "闯入",
                "破门",
            ],
            *["踹门", "砸门", "撬门", "堵门", "围住", "围着我", "扣留", "不让走", "限制自由", "关起来", "软禁", "监视"],
            *["拍门", "喷漆", "喷字", "刷字", "红漆", "报复", "收拾你", "收拾我", "弄你", "整死", "整你"],
        ),
        actor=True,
    ),
    _rule(
        "threat",
        "threat.blow",
        r"[砸掀揪踹](?!锅|钱|进去|了这么多钱)|(?<![拼])抢(?!救|购|先|眼)|揍",
        whole="砸掀揪踹抢",
    ),
    _rule(
        "threat",
        "threat.damage",
        r"拆[^，,。]{0,2}(?:了|掉)|(?:门|房子|家|店|车)[^，,。]{0,3}(?:给)?拆|(?:接走|带走|抱走|绑走)"
        r"|(?:别|不许|不准|不要|敢)报警|(?<!希望)(?<!请)(?<!想)(?<!能不能)好好(?:聊聊|谈谈|招呼|教育)|(?:几楼|门牌号|哪栋|哪个单元)[^，,。]{0,6}(?:清楚|知道)",
    ),
    _rule(
        "threat",
        "threat.hit",
        r"打(?:了|伤)?(?:我|你|他|她|人)(?![^，,。]{0,2}(?:电话|手机))|把(?:我|你|他|她)打",
        whole="打",
    ),
    _rule("threat", "threat.maim", r"打断[^，,。]{0,3}(?:腿|手|胳膊|骨头)|断[条只根]?(?:腿|胳膊|手指|脚)"),
    _rule(
        "threat",
        "threat.weapon",
        r"(?:拿|带|提|掏|亮|揣|举)(?:着|了|出)?[^，,。]{0,2}(?:刀|棍|棒|斧|砖|枪|铁锹)",
        unless=r"手腕|脖子|割|划|夹枪带棒|明枪暗箭|刀子嘴",
    ),
    _rule(
        "threat",
        "threat.deface",
        r"(?:门|墙|车|窗|玻璃)[^，,。]{0,4}(?:喷|写|刷|涂|画)(?:了|上|满)|(?:喷|写|刷|涂)(?:了|上|满)?[^，,。]{0,8}(?:大字|红字|标语)",
        whole="喷写刷涂画",
    ),
    _rule(
        "threat",
        "threat.police",
        r"报警[^。！？]{0,10}(?:后果|好看|没用|不客气|小心|严重|倒霉|吃亏)|(?:敢|要是|如果)[^，,。]{0,4}报警[^。！？]{0,8}(?:就|试试)",
        sentence=True,
    ),
    _rule(
        "threat",
        "threat.burn",
        r"烧(?:了|掉)?[^，,。]{0,3}(?:店|房子|家|车)|泼[^，,。]{0,3}(?:油漆|漆|粪|汽油)",
        whole="烧泼",
    ),
    _rule(
        "threat",
        "threat.gang",
        r"(?:找|派|带|叫|喊)(?:了)?(?:人|几个人|一群人|一帮人|兄弟|社会上的人)[^，,。]{0,6}(?:上门|来|去|到|守|堵|闹)"
        r"|(?:一群人|几个人|一帮人|两个人|三个人|两个男的|几个男的|男人)[^，,。]{0,6}(?:堵|冲进|闯|守|蹲|围)"
        r"|堵(?:在|住|门|我)|守在[^，,。]{0,8}(?:楼下|门口|家)|蹲[^，,。]{0,4}(?:门口|楼下|一整天)"
        r"|(?:门口|楼下|家门外|单位门口)[^，,。]{0,2}等(?:我|你|着)",
    ),
    _rule(
        "threat",
        "threat.visit",
        r"(?:上门|到|去|来)[^，,。]{0,10}(?:家|单位|公司|店|学校|门口)[^，,。]{0,4}(?:闹|砸|堵|泼|喷|赖着不走)"
        r"|上门[^，,。]{0,3}(?:闹|砸|堵|泼)|赖着不走",
    ),
    _rule(
        "threat",
        "threat.located",
        r"(?:知道|查到|摸清|打听到|查出|掌握|找到了)[^，,。]{0,10}(?:住哪|住在哪|家在哪|家住|小学|中学|初中|高中|幼儿园|学校|上学|读书|放学|在哪上班)",
        unless=r"怎么|从哪|哪里|哪来|为什么|为何|是否|是不是",
    ),
    _rule(
        "threat",
        "threat.crowd",
        r"(?:派|来|带|叫|找|喊|去)了?(?:[两三四五六七八九十几好多0]+个|一群|一帮|一伙|一批|好些)(?:人|男的|男人|大汉|壮汉|小伙子|社会人员|混混)"
        r"|(?:走夜路|夜路|出门|回家|路上|晚上)[^，,。]{0,6}(?:小心|当心|注意点|看着点|留神)|跟(?:着|了)我(?!的)"
        r"|在我?(?:家|店|单位|公司|家门)?(?:门口|楼下)[^，,。]{0,4}(?:坐|站|守|等|蹲|转悠|徘徊|拍照)",
    ),
    _rule(
        "threat",
        "threat.whereabouts",
        r"知道[^，,。]{0,8}(?:住哪|住在哪|家在哪|在哪个学校|在哪上学|哪个幼儿园|哪个学校|在哪上班|几点下班|几点上班|几点放学|每天去哪)"
        r"|(?:等|堵)(?:我|你|孩子)?(?:下班|放学|回家|出门)",
    ),
    _rule(
        "threat", "threat.family", f"{RELATIVE}[^，,。]{{0,4}}的?安全|对[^，,。]{{0,6}}{RELATIVE}?[^，,。]{{0,2}}不客气"
    ),
    # --- exposure of personal data
    _rule(
        "exposure",
        "exposure.leak",
        _any(
            *[
                "泄露",
                "泄漏",
                "外泄",
                "倒卖",
                "转卖",
                "爆通讯录",
                "通讯录被爆",
                "爆了通讯录",
                "欠债海报",
                "遗照",
                "P图",
                "P成",
                "侵犯隐私",
                "侵犯我的隐私",
                "表情包",
            ]
        ),
        actor=True,
        worry=True,
    ),
    _rule(
        "exposure",
        "exposure.publish",
        f"{PUBLISH}{_gap(12)}{PUBLIC}|{PERSONAL}{_gap(14)}{PUBLISH}|{DISCLOSE}{_gap(8)}{PERSONAL}"
        f"|{PUBLIC}{_gap(8)}(?:{SPREAD}|发了|贴){_gap(8)}{PERSONAL}",
        actor=True,
        worry=True,
        unless=f"(?:曝光|公开|公布){_gap(2)}{COMPANY_OBJECT}",
    ),
    _rule(
        "exposure",
        "exposure.source",
        r"(?:从哪里|从哪儿|从哪|哪来|哪里来|怎么)[^，,。]{0,2}(?:拿到|得到|获取|获得|弄到|知道)[^，,。]{0,6}(?:号码|信息|资料|电话|住址|地址)"
        r"|合法获取|非法获取",
    ),
    _rule("exposure", "exposure.unmasked", _any("没打码", "没有打码", "未打码", "不打码", "没有马赛克", "没打马赛克")),
    _rule(
        "exposure", "exposure.found_online", f"{ONLINE}{_gap(10)}(?:看到|发现|出现|有){_gap(10)}{PERSONAL}", worry=True
    ),
    _rule(
        "exposure",
        "exposure.handed",
        f"{PERSONAL}{_gap(4)}(?:给了|交给|卖给|提供给){_gap(8)}(?:公司|机构|讨债|催收|第三方|外人|别人)"
        r"|欠款公告|欠债公告|催收公告|搜[^，,。]{0,6}(?:名字|姓名|手机号)",
        actor=True,
    ),
    _rule(
        "exposure",
        "exposure.me",
        r"(?:曝光|公开|公布|挂出)(?:了)?(?:我|本人)(?!们)|把(?:我|本人)(?!们)[^，,。]{0,6}(?:曝光|公开|公布|挂出|挂到)",
        actor=True,
        worry=True,
    ),
    _rule(
        "exposure",
        "exposure.contacts",
        r"(?:通讯录|联系人)[^，,。]{0,8}(?:发了?短信|发了?信息|发了?消息|群发|都收到|全收到|挨个发)",
        worry=True,
    ),
    _rule(
        "exposure",
        "exposure.told",
        f"{DATA}[^，,。]{{0,6}}(?:告诉|透露|告知|说给|讲给)[^，,。]{{0,10}}(?:所有|全部|每个|每一个|{THIRD})"
        r"|(?:做成|P成|印成|印了|打印|贴了|发了)[^，,。]{0,6}(?:通缉令|海报|传单|寻人启事|大字报|悬赏|讣告|表情包)",
        actor=True,
        worry=True,
    ),
    _rule(
        "exposure",
        "exposure.broadcast",
        r"群发[^，,。]{0,10}(?:短信|信息|消息)|横幅|(?:卖|给)了?[^，,。]{0,4}(?:别的|其他|第三方)[^，,。]{0,6}公司",
    ),
    # --- contact of third parties
    _rule("third_party", "third_party.contact", f"{CONTACT}{_gap(8)}{THIRD}", actor=True, worry=True),
    _rule("third_party", "third_party.passive", f"{THIRD}{_gap(8)}被{_gap(6)}(?:{CONTACT}|打了|打爆)", worry=True),
    _rule(
        "third_party",
        "third_party.called",
        f"(?:给|向|找|到){_gap(8)}{THIRD}{_gap(6)}(?:打电话|打了|打|发短信|发微信|发消息|发信息|发了|要钱|催|问)"
        f"|(?:^|[，,])(?:我的?|我们的?)?{THIRD}[^。！？]{{0,24}}(?:接到|收到|接了)[^，,。]{{0,8}}(?:电话|短信|催收)",
        worry=True,
        sentence=True,
    ),
    _rule(
        "third_party",
        "third_party.workplace",
        r"(?:打|打电话|电话打|找|闹|找上门|上门|催)到?了?(?:我的?|我们的?)?(?:公司|工作单位|单位|厂里|上班的地方|店里|学校|老家|村里|娘家|婆家|岳父家|岳母家|爸妈家|父母家|老丈人家)(?!的?(?:客服|电话|APP|平台))",
        actor=True,
        worry=True,
    ),
    _rule(
        "third_party",
        "third_party.even",
        f"连(?:我的?|我们的?|他的?|她的?)?{THIRD}[^，,。]{{0,6}}(?:都|也)(?:被|接到|收到)?[^，,。]{{0,4}}(?:打|电话|找|联系|问|骚扰|催|通知|短信)",
        worry=True,
    ),
    _rule(
        "third_party",
        "third_party.knows",
        f"{ACQUAINTANCE}[^。！？]{{0,6}}(?:都|全|也)(?:知道|晓得|听说)了?[^。！？]{{0,8}}(?:欠|借|网贷|贷款|逾期|催收)"
        f"|^(?=[^。！？]*(?:催收|电话|短信|你们|对方|有人))(?![^。！？]*(?:我自己|自己告诉|我告诉))[^。！？]*?{RELATIVE}[^。！？]{{0,6}}(?:都|全|也)(?:知道|晓得|听说)",
        sentence=True,
    ),
    _rule(
        "third_party",
        "third_party.asked",
        f"{THIRD}[^。！？，,]{{0,6}}(?:问我|来问|跟我说|告诉我|说有人|说你们|说催收)[^。！？]{{0,20}}(?:欠|借|催|电话|打听|短信|找)"
        f"|{THIRD}[^。！？]{{0,16}}打听|打听[^。！？]{{0,16}}{THIRD}",
        sentence=True,
    ),
    _rule(
        "third_party",
        "third_party.relay",
        r"(?:让|叫|要)我[^，,。]{0,4}(?:转告|转达|带话|替他|替她|帮他还|帮她还|催他|催她)"
        f"|(?:他|她|{RELATIVE}|{ACQUAINTANCE}|我哥|我姐|我弟|我妹)(?:借|欠)的[^，,。]{{0,4}}(?:钱|债|款|网贷|贷款)[^。]{{0,16}}"
        f"(?:打给我|打到我|找我|骚扰我|催我|打我|骚扰我们|找到我|找{RELATIVE}|找我{RELATIVE})",
        sentence=True,
    ),
    _rule(
        "third_party",
        "third_party.bystander",
        r"(?:我(?:只是|是|就是|作为)[^，,。]{0,8}(?:同事|朋友|邻居|紧急联系人|亲戚|同学|前妻|前夫|家属)"
        r"|我(?:只是|是|就是|作为)(?:借款人|他|她)的[^，,。]{1,6}"
        r"|(?:和|跟)(?:借款人|他|她)[^，,。]{0,4}(?:离婚|分手|没联系|不熟|合租|同事|共事|同学))[^。]{0,40}(?:打|电话|催|骚扰|还钱|敲|接)",
        sentence=True,
    ),
)

# Non-urgent categories: cue words (weight 2 for the telling ones), checked only without an urgent theme.
CATEGORY_CUES: dict[str, tuple[tuple[str, int], ...]] = {
    "interest_dispute": (
        (
            _any(
                *[
                    "罚金",
                    "加收",
                    "利息",
                    "利率",
                    "罚息",
                    "违约金",
                    "砍头息",
                    "年化",
                    "月息",
                    "日息",
                    "高利贷",
                    "息费",
                    "计息",
                    "滞纳金",
                    "利滚利",
                    "免息",
                    "管理费",
                    "服务费",
                    "担保费",
                    "会员费",
                    "手续费",
                ]
            ),
            2,
        ),
        (
            r"(?:什么|哪来的|莫名其妙的?|不明不白的?|乱七八糟的?)[^，,。]{0,4}(?:费|钱|扣款)|费用[^，,。]{0,6}(?:什么|看不懂|不清楚|不明)"
            r"|乱扣|多扣了|多出(?:来)?[^，,。]{0,4}(?:钱|费|元)|利滚利|算不清|怎么算",
            2,
        ),
        (
            _any(
                *[
                    "费用",
                    "收费",
                    "乱收费",
                    "多收",
                    "多扣",
                    "扣费",
                    "核算",
                    "本金",
                    "退还",
                    "退费",
                    "上限",
                    "法定",
                    "减免",
                    "合同",
                ]
            ),
            1,
        ),
    ),
    "cumbersome_process": (
        (
            _any(
                *[
                    "流程",
                    "手续",
                    "繁琐",
                    "折腾",
                    "跑腿",
                    "推诿",
                    "推来推去",
                    "踢皮球",
                    "互相推",
                    "石沉大海",
                    "批不下来",
                    "审核",
                    "审批",
                    "排队",
                    "转人工",
                ]
            ),
            2,
        ),
        (
            r"转来转去|踢来踢去|推给|没人处理|一直没人|没人回|没回音|没有回音|没消息|不了了之|一拖再拖|拖了|拖着"
            r"|回电|等了(?:很久|好久|半天|几天|一周|一个月)|工作日|缺材料|补材料|(?:交|提交|填|传)了[^，,。]{0,2}(?:几|好几|多|0|[一二三四五六七八九十两])[遍次]"
            r"|重复提交|内部|共享",
            2,
        ),
        (
            r"排[^，,。]{0,6}队|又让我找|让我去问|来回跑|来回折腾|互相|没下文|结清证明|(?:打了|跑了|问了)[^，,。]{0,3}(?:几|多|0|[一二三四五六七八九十两])[次趟遍]|转到不同|重新说",
            2,
        ),
        (
            _any(
                *[
                    "材料",
                    "麻烦",
                    "反复",
                    "没人管",
                    "回复",
                    "处理中",
                    "进度",
                    "等了",
                    "效率",
                    "证明",
                    "签字",
                    "邮寄",
                    "部门",
                    "申请",
                    "提交",
                    "退回",
                    "从头",
                    "断线",
                    "异议",
                    "准话",
                    "简化",
                ]
            ),
            1,
        ),
    ),
    "improper_language": (
        (
            _any(
                *[
                    "态度",
                    "语气",
                    "口气",
                    "阴阳怪气",
                    "辱骂",
                    "脏话",
                    "侮辱",
                    "嘲讽",
                    "嘲笑",
                    "冷嘲热讽",
                    "不耐烦",
                    "大喊大叫",
                    "不礼貌",
                    "不尊重",
                    "难听",
                    "话术",
                    "吓唬",
                    "怼",
                    "羞辱",
                    "恶劣",
                ]
            ),
            2,
        ),
        (
            _any(
                *["夹枪带棒", "阴阳", "讽刺", "挖苦", "瞧不起", "看不起", "质问", "训斥", "人身攻击", "骂我", "无赖"],
                *["垃圾", "废物", "丢人", "没素质", "素质", "贬低", "歧视", "数落", "居高临下", "爱搭不理"],
            ),
            2,
        ),
        (
            _any(
                *[
                    "骂",
                    "骂人",
                    "吼",
                    "凶",
                    "冲",
                    "人品",
                    "不要脸",
                    "没脸",
                    "老赖",
                    "骗子",
                    "命令",
                    "打断",
                    "不专业",
                    "冷漠",
                    "冷笑",
                    "装病",
                    "借口",
                    "说话",
                    "方言",
                    "挂电话",
                    "不舒服",
                ]
            ),
            1,
        ),
    ),
    "night_calls": (
        (
            _any(
                *[
                    "半夜",
                    "深夜",
                    "凌晨",
                    "夜里",
                    "夜间",
                    "一大早",
                    "吵醒",
                    "打爆",
                    "轮流打",
                    "电话轰炸",
                    "轰炸",
                    "十几个电话",
                    "几十个电话",
                ]
            ),
            2,
        ),
        (_any(*["睡下", "睡着", "入睡", "天还没亮", "天没亮", "午休", "清晨", "大清早", "休息时间", "下班时间"]), 2),
        (
            r"晚上[^，,。]{0,8}(?:点|打|来电|电话)|早上[^，,。]{0,3}(?:六|七|0)点|(?:十|十一|十二|0)点(?:半|多|以后|后)?"
            r"|(?:一天|每天|一晚上|同一天|一上午|一下午)[^，,。]{0,6}(?:打了|接通|接到|来电|打)[^，,。]{0,6}(?:个|次|通)"
            r"|睡觉|休息|频繁|不停|神经衰弱|接通了"
            r"|(?:一天|每天|一个?小时内?|半小时|一上午|一下午|一晚上|同一天)[^，,。]{0,10}(?:好几|几十|十几|0|[一二三四五六七八九十两]+)[个次通]"
            r"|连着打|连环打|接连打|连续打|打个不停",
            1,
        ),
    ),
    "wrong_person": (
        (
            _any(
                *[
                    "打错",
                    "不是本人",
                    "不是我",
                    "没借过",
                    "没有借过",
                    "冒用",
                    "同名",
                    "机主",
                    "误催",
                    "认错",
                    "搞错",
                    "弄错",
                    "不认识",
                ]
            ),
            2,
        ),
        (
            _any(
                *[
                    "不是我借",
                    "找错人",
                    "打错人",
                    "前任机主",
                    "之前的机主",
                    "原机主",
                    "号码是新",
                    "根本不是我",
                    "我不是",
                ]
            ),
            2,
        ),
        (
            r"(?:没|没有|从未|从没|从来没)[^，,。]{0,8}(?:借|注册|贷)|冒名|(?:名字|姓名|身份证号?)[^，,。]{0,4}(?:不一样|不同|对不上)|咬定",
            2,
        ),
        (r"(?:早就|已经|早已)(?:还清|结清)", 2),
        (
            _any(
                *[
                    "新办",
                    "新换",
                    "换号",
                    "还清了",
                    "早就还清",
                    "结清了",
                    "出错",
                    "核实",
                    "搞混",
                    "弄混",
                    "以前是谁",
                    "别人的",
                ]
            ),
            1,
        ),
    ),
    "reminder_delay": (
        (_any(*["提醒", "推送", "还款日", "忘了", "忘记", "记不住", "扣款失败"]), 2),
        (_any(*["通知", "短信", "旧手机号", "旧号码", "晚到", "才收到", "逾期了", "没收到", "没有收到", "收不到"]), 1),
        (r"提前[^，,。]{0,4}(?:提醒|通知|告知|发|说)|(?:过了|过期|逾期)[^，,。]{0,4}才", 2),
    ),
    "app_problem": (
        (
            _any(
                *[
                    "APP",
                    "软件",
                    "闪退",
                    "打不开",
                    "白屏",
                    "黑屏",
                    "卡顿",
                    "死机",
                    "登录",
                    "登不上",
                    "验证码",
                    "系统繁忙",
                    "绑卡",
                    "人脸识别",
                    "小程序",
                    "一键反馈",
                    "报错",
                    "适老化",
                ]
            ),
            2,
        ),
        (_any(*["没反应", "没有反应", "卡到", "转圈", "进不去", "加载", "人脸认证", "认证失败", "刷新"]), 2),
        (
            _any(
                *[
                    "系统提示",
                    "无法完成",
                    "提示错误",
                    "网页",
                    "卡住",
                    "点不了",
                    "点不动",
                    "显示错误",
                    "数据不对",
                    "系统异常",
                ]
            ),
            2,
        ),
        (_any(*["系统", "失败", "异常", "无法", "手机上", "版本"]), 1),
        (
            _any(
                *[
                    "页面",
                    "界面",
                    "更新",
                    "升级",
                    "绑定",
                    "识别",
                    "注销",
                    "改绑",
                    "显示",
                    "字太小",
                    "看不清",
                    "账单明细",
                    "操作",
                    "安装",
                    "崩溃",
                    "BUG",
                    "改密码",
                    "密码",
                ]
            ),
            1,
        ),
    ),
    "repayment_channel": (
        (_any(*["还款入口", "还款按钮", "还款方式", "还款渠道", "还款链接", "还款指引", "线下还款", "还款地址"]), 3),
        (
            _any(
                *[
                    "渠道",
                    "入口",
                    "对公",
                    "转账",
                    "个人账户",
                    "到账",
                    "入账",
                    "网点",
                    "营业厅",
                    "支付宝",
                    "微信支付",
                    "限额",
                    "还款账号",
                    "收款账号",
                    "二维码",
                    "途径",
                    "柜台",
                    "扫码",
                ]
            ),
            2,
        ),
        (
            _any(
                *[
                    "按钮",
                    "提前还款",
                    "提前结清",
                    "收款码",
                    "还款码",
                    "银行卡",
                    "哪些银行",
                    "代扣",
                    "自动扣款",
                    "还到哪",
                ]
            ),
            2,
        ),
        (
            _any(*["链接", "账户", "官方", "第三方", "一次性", "怎么还", "往哪", "哪里还", "备注", "还款失败"])
            + "|结清(?!证明)",
            1,
        ),
    ),
}
CONTRAST = re.compile(r"但是|但|可是|只是|就是|不过|然而|却")
NEGATABLE_CATEGORIES = frozenset({"improper_language", "night_calls"})
_CATEGORY_PATTERNS = {
    category: tuple((re.compile(pattern), weight) for pattern, weight in cues)
    for category, cues in CATEGORY_CUES.items()
}


# --------------------------------------------------------------------------- matching


def clauses(text: str) -> list[str]:
    """The clauses of a normalised text: split at sentence and clause punctuation (a comma inside a
    number is not a boundary)."""
    return [c.strip() for c in _CLAUSE_END.split(text) if c.strip()]


def _negated(clause: str, start: int, end: int) -> bool:
    """A negation in the few characters before the match with nothing in between that ends its
    scope ("没有想自杀"; not "没钱还就威胁"; further back over a 把 phrase: "没有把我的信息泄露"), or
    one closing the clause after it ("念头从来没有过")."""
    lo = max(0, start - 12)
    window = clause[lo:end]  # the match too: "不" negates when "想…" follows
    for found in NEGATOR.finditer(window):
        if found.end() > start - lo or NOT_NEGATING.match(window, found.start()):
            continue
        if window[max(0, found.start() - 1) : found.start() + 1] in ("是不", "有没"):  # 是不是 / 有没有: a question
            continue
        between = window[found.end() : start - lo]
        if (
            (len(between) > 4 and not re.match(r"[把将]", between))
            or BREAKER.search(between)
            or "," in between
            or "，" in between
        ):
            continue
        return True
    return bool(POST_NEGATION.match(clause[end : end + 10]))


def _word_starts(tokens: list[str]) -> dict[int, str]:
    starts: dict[int, str] = {}
    at = 0
    for token in tokens:
        starts[at] = token
        at += len(token)
    return starts


def _whole(rule: _Rule, clause: str, match: re.Match[str], starts: dict[int, str]) -> bool:
    """Every single-character verb of ``rule`` inside the match stands as a jieba word of its own."""
    for offset, char in enumerate(match.group(), start=match.start()):
        if char in rule.whole and starts.get(offset) != char:
            return False
    return True


def _rule_matches(
    rule: _Rule, clause: str, starts: dict[int, str], cancelled: list[str] | None = None
) -> Iterable[str]:
    """The rule's matches in ``clause``; those a negation, a look-alike, worry or the complainant's
    own doing cancels go to ``cancelled`` (the text said the urgent thing is not the case)."""
    spurned = [] if cancelled is None else cancelled
    if rule.unless is not None and rule.unless.search(clause):
        spurned += [m.group() for m in rule.pattern.finditer(clause)]
        return
    for match in rule.pattern.finditer(clause):
        if rule.whole and not _whole(rule, clause, match, starts):
            continue
        before = clause[: match.start()]
        if (
            _negated(clause, match.start(), match.end())
            or (rule.worry and (re.search(WORRY, before) or HYPOTHETICAL.search(before)))
            or (rule.actor and SELF_ACTOR.search(before))
        ):
            spurned.append(match.group())
            continue
        yield match.group()


def _category_scores(masked_clauses: list[str]) -> dict[str, float]:
    scores: dict[str, float] = {}
    contrast = False
    for clause in masked_clauses:
        contrast = contrast or bool(CONTRAST.match(clause))
        for part_no, part in enumerate(CONTRAST.split(clause)):
            factor = 2.0 if contrast or part_no > 0 else 1.0
            for category, cues in _CATEGORY_PATTERNS.items():
                for pattern, weight in cues:
                    for match in pattern.finditer(part):
                        if category in NEGATABLE_CATEGORIES and _negated(part, match.start(), match.end()):
                            continue
                        scores[category] = scores.get(category, 0.0) + weight * factor
    return scores


def _keywords(masked: str) -> tuple[str, ...]:
    """TF-IDF keywords (jieba.analyse with the domain dictionary and stop words): words of two or
    more characters with a Chinese character or in the domain dictionary (APP), best first."""
    tags = _JIEBA.tfidf().extract_tags(masked, topK=None, withWeight=True)
    kept = [w for w, _ in tags if _HAN.search(w) or w in _domain_words()]
    return tuple(w[:KEYWORD_MAX] for w in kept[:KEYWORDS])


@functools.cache
def _domain_words() -> frozenset[str]:
    return frozenset(line.split()[0] for line in WORDS_FILE.read_text(encoding="utf-8").splitlines() if line.strip())


@functools.lru_cache(maxsize=65536)
def _analyse_masked(masked: str) -> TextAnalysis:
    parts = clauses(masked)
    reasons: list[Reason] = []
    cancelled: list[str] = []
    found_themes: set[str] = set()
    despair: set[str] = set()
    sentences = [s for s in _SENTENCE_END.split(masked) if s.strip()]
    scopes = [(clause, False) for clause in parts] + [(sentence, True) for sentence in sentences]
    for scope, whole_sentence in scopes:
        starts = _word_starts(_JIEBA.tokenizer().lcut(scope))
        for rule in RULES:
            if rule.sentence != whole_sentence:
                continue
            for matched in _rule_matches(rule, scope, starts, cancelled):
                if rule.name == "self_harm.phrase" and matched in DESPAIR_WEAK:
                    despair.add(matched)
                    continue
                found_themes.add(rule.theme)
                reasons.append(Reason(rule.theme, rule.name, matched))
    if len(despair) >= 2:
        found_themes.add("self_harm")
        reasons += [Reason("self_harm", "self_harm.despair", w) for w in sorted(despair)]
    themes = tuple(t for t in THEMES if t in found_themes)
    # Only a text the rules find no urgent theme in is read by the model (most texts the rules decide).
    learned = None if themes else _learned(masked)
    # A paraphrase the rules do not know takes the learned theme, unless the rules saw the urgent
    # thing denied or mimicked ("没有把我的信息泄露", "死机"): then the text says it is not the case.
    if learned is not None and learned.urgent and not cancelled:
        themes = (learned.theme,)
        reasons.append(Reason(learned.theme, "learned", "、".join(learned.evidence)))
    if themes:
        category: str | None = THEME_CATEGORY[themes[0]]
    else:
        scores = _category_scores(parts)
        ranked = max(scores, key=lambda c: (scores[c], -list(CATEGORY_CUES).index(c))) if scores else None
        category = ranked or (learned.category if learned else None)  # None when the model is unsure too
    return TextAnalysis(
        urgent=bool(themes),
        theme=themes[0] if themes else None,
        themes=themes,
        category=category,
        keywords=_keywords(masked),
        reasons=tuple(dict.fromkeys(reasons)),
    )


# --------------------------------------------------------------------------- the learned reading


@dataclass(frozen=True)
class _Learned:
    urgent: bool
    theme: str
    category: str | None
    evidence: tuple[str, ...]  # the character n-grams that weighed most for "urgent"


@dataclass(frozen=True)
class _Model:
    """Character 1–3-grams (TF-IDF) and three logistic regressions: urgent or not, the urgent theme,
    the category of a text that is not urgent. Characters, not words: a paraphrase shares pieces
    (死, 跳, 家人, 同事, 上门) with the examples even where the word families have no entry."""

    vectorizer: TfidfVectorizer
    features: tuple[str, ...]  # the n-gram of each column
    urgent: LogisticRegression
    theme: LogisticRegression
    category: LogisticRegression


@functools.cache
def _model() -> _Model:
    """Fitted once per process from ``EXAMPLES_FILE`` (well under a second), deterministic."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    with EXAMPLES_FILE.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    texts = [mask_digits(r["text"]) for r in rows]
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True).fit(texts)

    def fit(chosen: list[int], labels: list[str]) -> LogisticRegression:
        matrix = vectorizer.transform([texts[i] for i in chosen])
        return LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced").fit(matrix, labels)

    urgent = [i for i, r in enumerate(rows) if r["urgent"] == "1"]
    calm = [i for i, r in enumerate(rows) if r["urgent"] != "1"]
    return _Model(
        vectorizer,
        tuple(str(name) for name in vectorizer.get_feature_names_out()),
        fit(list(range(len(rows))), ["1" if r["urgent"] == "1" else "0" for r in rows]),
        fit(urgent, [rows[i]["theme"] for i in urgent]),
        fit(calm, [rows[i]["category"] for i in calm]),
    )


def _sure_category(model: _Model, vector: object) -> str | None:
    """The learned category when it is the clear favourite (≥ LEARNED_CATEGORY), else None."""
    chances = model.category.predict_proba(vector)[0]
    best = int(chances.argmax())
    return str(model.category.classes_[best]) if chances[best] >= LEARNED_CATEGORY else None


def _learned(masked: str) -> _Learned:
    model = _model()
    vector = model.vectorizer.transform([masked])
    classes = list(model.urgent.classes_)
    probability = float(model.urgent.predict_proba(vector)[0][classes.index("1")])
    weights = vector.multiply(model.urgent.coef_[0] * (1 if classes[1] == "1" else -1)).tocsr()
    top = sorted(zip(weights.data, weights.indices), reverse=True)[:3]
    return _Learned(
        urgent=probability >= LEARNED_URGENT,
        theme=str(model.theme.predict(vector)[0]),
        category=_sure_category(model, vector),
        evidence=tuple(model.features[i].strip() for w, i in top if w > 0),
    )


def analyse(text: str) -> TextAnalysis:
    """Urgent themes, category, keywords and reasons of a complaint text (see the module docstring)."""
    return _analyse_masked(mask_digits(text))
