"""Which corpus texts (../shared/corpus) each corpus case was written from: shared by the
figure test (test_corpus_cases) and the own-words test, so a new case is registered once."""

from __future__ import annotations

# 19 and 20 are one article on two sites, and two cases are written from that article.
CORPUS_CASES: dict[str, tuple[str, ...]] = {
    "beijing-fuchenghuayuan": ("01.txt",),
    "guyuan-jutoucun": ("02.txt",),
    "wuhan-qingfen": ("03.txt",),
    "changzhou-qingliangercun": ("04.txt",),
    "qingdao-kangcheng": ("05.txt",),
    "shenzhen-yitian": ("06.txt",),
    "xiangxi-shibadongcun": ("07.txt",),
    "anshun-tangyuecun": ("08.txt",),
    "kunming-jinxing": ("09.txt",),
    "akesu-jiaoyu": ("10.txt",),
    "bayannaoer-gangtie": ("11.txt",),
    "changchun-xinmin": ("12.txt",),
    "xiamen-hubian": ("13.txt",),
    "nanchang-jinshuncun": ("14.txt",),
    "hefei-dingxiang": ("15.txt",),
    "zhengzhou-shizheng": ("16.txt",),
    "jingzhou-mianhuadayuan": ("17.txt",),
    "chengdu-wankechenghua": ("18.txt",),
    "tianjin-baocuihuadou": ("19.txt", "20.txt"),
    "tianjin-chaoyangli": ("20.txt", "19.txt"),
}
