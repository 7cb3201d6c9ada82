"""Script statistics of a text: how much is Han, kana, Hangul, Latin, and which Chinese script.

Why character statistics and not ``lang``: many sites built by Chinese teams
ship ``<html lang="zh-CN">`` on English pages and many Chinese pages say
``lang="en"``; the characters a visitor reads do not lie. Simplified and
Traditional Chinese are told apart by the characters whose OpenCC conversion
changes them (e.g. 们/們, 币/幣, 这/這); Japanese is told from Chinese by kana,
since Japanese kanji alone look like either.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

#: CJK Unified Ideographs, Extension A and compatibility ideographs.
HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
#: Hiragana, Katakana, Katakana phonetic extensions, half-width Katakana. The
#: prolonged-sound mark ー and the middle dot ・ are in the Katakana block too.
KANA_RE = re.compile(r"[\u3041-\u309f\u30a1-\u30fa\u30fd-\u30ff\u31f0-\u31ff\uff66-\uff9d]")
#: Hangul syllables and jamo.
HANGUL_RE = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3131-\u318e]")
#: A Latin word (two letters or more); each word weighs about one Han character.
LATIN_WORD_RE = re.compile(r"[A-Za-z\u00c0-\u024f]{2,}")

#: Simplified characters that are ALSO ordinary characters in Traditional text
#: (merged forms: 后 "queen", 台 in 台灣, 于 surname, 云 "say" ...). OpenCC s2t
#: changes them, but seeing them proves nothing about the script.
SHARED_SIMPLIFIED = frozenset(
    "后台干里准范冲余划征伙佣适丑于云几采游党斗价么丰吁卷只系面发制松板谷卜才借御胡向"
)


#: Japanese-only kanji forms (shinjitai that neither Simplified nor Traditional Chinese
#: writes): 円 売 済 払 気 応 図 関 発 対... A Japanese menu or price table can be
#: nearly kana-free; these still give it away.
JAPANESE_KANJI = frozenset(
    "円込売済様払気労帰験楽戦桜拡処亜応広図検渋沢浜県価読続択覧関発単営鉄実効辺薬転伝歳塩駅両変対剤巻従恵"
    "揺渇隠穏稲斎捜挿騒蔵弐賛縄壌嬢譲醸摂専銭繊総臓粋酔髄瀬斉拠暁勲継鶏歓陥猟塁涙暦"
)


@cache
def script_sets() -> tuple[frozenset[str], frozenset[str]]:
    """(simplified-only, traditional-only) characters, computed once with OpenCC.

    A character is simplified-only when OpenCC s2t changes it and t2s does not;
    traditional-only when t2s changes it and s2t does not.
    """
    import opencc  # local: only the first call pays the import

    chars = [chr(c) for c in range(0x4E00, 0xA000)]
    joined = "\n".join(chars)
    to_t = opencc.OpenCC("s2t").convert(joined).split("\n")
    to_s = opencc.OpenCC("t2s").convert(joined).split("\n")
    if len(to_t) != len(chars) or len(to_s) != len(chars):  # pragma: no cover - defensive
        s2t, t2s = opencc.OpenCC("s2t"), opencc.OpenCC("t2s")
        to_t = [s2t.convert(c) for c in chars]
        to_s = [t2s.convert(c) for c in chars]
    s_changed = {c for c, t in zip(chars, to_t, strict=True) if t != c}
    t_changed = {c for c, s in zip(chars, to_s, strict=True) if s != c}
    simplified = frozenset(s_changed - t_changed - SHARED_SIMPLIFIED)
    traditional = frozenset(t_changed - s_changed)
    return simplified, traditional


@dataclass(frozen=True, slots=True)
class ScriptStats:
    """Counts over a text. Shares are over "units": Han/kana/Hangul characters plus Latin words."""

    han: int
    kana: int
    hangul: int
    latin_words: int
    simplified: int
    traditional: int
    japanese_kanji: int = 0

    @property
    def units(self) -> int:
        return self.han + self.kana + self.hangul + self.latin_words

    @property
    def han_share(self) -> float:
        return self.han / self.units if self.units else 0.0

    @property
    def kana_share(self) -> float:
        """Kana among CJK characters: Japanese prose runs 30-70%, Chinese ~0."""
        cjk = self.han + self.kana
        return self.kana / cjk if cjk else 0.0

    @property
    def hangul_share(self) -> float:
        return self.hangul / self.units if self.units else 0.0

    @property
    def is_japanese(self) -> bool:
        return (self.kana >= 8 and self.kana_share >= 0.12) or (
            self.japanese_kanji >= 3 and self.japanese_kanji * 4 >= self.simplified
        )

    @property
    def is_korean(self) -> bool:
        return self.hangul >= 8 and self.hangul >= self.han

    def script(self) -> str | None:
        """'hans', 'hant' or None (too few telling characters to say)."""
        s, t = self.simplified, self.traditional
        if s + t < 3:
            return None
        if s >= 2 * t:
            return "hans"
        if t >= 2 * s:
            return "hant"
        return None

    def to_dict(self) -> dict[str, float | int]:
        return {
            "han": self.han,
            "kana": self.kana,
            "hangul": self.hangul,
            "latin_words": self.latin_words,
            "simplified": self.simplified,
            "traditional": self.traditional,
            "japanese_kanji": self.japanese_kanji,
            "han_share": round(self.han_share, 3),
            "kana_share": round(self.kana_share, 3),
            "hangul_share": round(self.hangul_share, 3),
        }


def script_stats(text: str) -> ScriptStats:
    """Count scripts in ``text`` (regex scans in C; the Python loop runs over distinct Han characters only)."""
    hans = HAN_RE.findall(text)
    simplified_set, traditional_set = script_sets()
    s = t = j = 0
    for ch, n in Counter(hans).items():
        if ch in simplified_set:
            s += n
        elif ch in traditional_set:
            t += n
        elif ch in JAPANESE_KANJI:
            j += n
    return ScriptStats(
        han=len(hans),
        kana=len(KANA_RE.findall(text)),
        hangul=len(HANGUL_RE.findall(text)),
        latin_words=len(LATIN_WORD_RE.findall(text)),
        simplified=s,
        traditional=t,
        japanese_kanji=j,
    )
