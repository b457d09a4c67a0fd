"""Words never worth a blank: a compact Chinese and English stop list."""

from __future__ import annotations

# Single characters that only glue a sentence together.
FUNCTION_CHARS = frozenset(
    "的了是在和与及或也都就还又才很太更最把被让给对向从到于以为而且但并即则之其此这那哪"
    "个些每各某该着过吗呢吧啊呀嘛么么等地得所将要会能可已曾便再不没无非别"
)
ZH_STOP = frozenset(
    """
    人人 每天 每周 每月 每年 今天 明天 昨天 现在 当时 为例 所学 人们 整个 各个 全部 我 你 他
    她 它 我们 你们 他们 她们 它们 大家 自己 别人 人家
    咱们 这 那 这个 那个 这些 那些 这样 那样 这种 那种 这里 那里 这儿 那儿 哪里 什么 怎么 怎样
    如何 为什么 多少 几 一些 有些 有的 其他 其它 其中 各种 一切 所有 每个 每人 每位 任何 本 该
    此 因为 所以 但是 可是 然而 而且 并且 或者 还是 如果 虽然 即使 只要 只有 除了 不过 于是 因此
    然后 接着 首先 其次 再次 最后 另外 此外 同时 总之 例如 比如 比方 就是 就 都 也 还 又 再 才
    只 很 太 更 最 非常 比较 特别 十分 相当 已经 曾经 正在 将要 可能 可以 能够 应该 应当 必须
    需要 不要 不必 一定 也许 大约 大概 左右 以上 以下 以内 之间 之后 之前 以后 以前 时候 时 后
    前 中 里 上 下 内 外 一种 一个 一次 一点 一下 一起 一样 一般 有 是 在 做 说 看 想 用 让 使
    把 被 给 对 向 从 到 于 以 为 和 与 及 或 等 等等 着 了 过 的 地 得 之 所 而 则 即 吗 呢 吧
    啊 不 没 没有 无 非 是否 能否 还有 不是 这是 那是 就是 也是 还是 都是
    """.split()
)
# Common nouns that are true words but make poor blanks: too general to test anything.
ZH_GENERIC = frozenset(
    """
    人 人们 事 东西 问题 时间 方法 办法 内容 情况 工作 事情 地方 过程 结果 原因 方面 部分 意思
    方式 作用 意义 时候 一种 感觉 效果 程度 条件 水平 能力 关系 基础 要求 重点 道理 东西 样子 书
    话 字 句子 页 本 次 天 周 年 月 日 点 分 大家 自己 别人 同事 家人 成员 参与者 读者 作者 对象
    目标 材料 步骤 时长 小时 分钟 要点 所学 三者 两者 人们 学期 东西 部门 单位 人员 主要任务
    """.split()
) | frozenset("诸君 诸位 各位 列位 先生们 同志们 朋友们 女士们".split())  # forms of address
EN_STOP = frozenset(
    """
    a an the and or but nor so yet for of in on at to from by with without within into onto upon
    about above below over under after before during between among through across against around
    as than then that this these those there here what which who whom whose when where why how i
    me my mine we us our ours you your yours he him his she her hers it its they them their
    theirs one ones someone something anyone anything everyone everything nothing each every all
    any both either neither some many much more most less least few fewer other others another
    such same own not no yes is am are was were be been being have has had having do does did
    doing done will would shall should can could may might must ought let lets just only also
    even still very too quite rather really almost already often always never sometimes usually
    again once twice perhaps maybe instead however therefore thus hence because although though
    while whereas if unless until since whether e.g i.e etc per via like unlike up down out off
    away back well now then soon later first second third finally next last new old good bad big
    small long short high low get gets got make makes made take takes took give gives gave
    cannot can't don't doesn't isn't aren't won't go goes went come comes came see sees saw know
    knows knew think thinks thought say says said tell tells told find finds found use uses used
    way ways thing things lot lots kind kinds part parts time times people person day days week
    weeks year years place places number
    """.split()
)


def is_stop(word: str) -> bool:
    """Tell whether ``word`` is on the Chinese or the English stop list."""
    return word in ZH_STOP or word.casefold() in EN_STOP


# Common English nouns that make poor blanks on their own (phrases may still use them).
EN_GENERIC = frozenset(
    """
    question questions answer answers sentence sentences book books chapter chapters page pages
    section sections group groups list lists idea ideas minute minutes hour hours month months
    work works note notes example examples member members material materials reading summary
    session sessions exercise exercises purpose direction difference method methods guide rate
    research meeting meetings passage passages point points problem problems result results
    reason reasons case cases fact facts side sides end start top bottom word words text texts
    line lines form forms step steps rule rules area areas level levels help use value change
    study person someone adults adult learner learners reader readers team teams
    """.split()
)

# Common verbs in study texts: never the last word of an English noun phrase.
EN_VERBS = frozenset(
    """
    ran run runs start starts started begin begins began end ends ended ask asks asked use uses
    make makes take takes give gives show shows mean means describe describes divide divides
    include includes involve involves treat treats record records mix mixes help helps need
    needs seem seems become becomes remain remains keep keeps read reads write writes find finds
    feel feels look looks work works try tries meet meets lead leads leave leaves bring brings
    turn turns move moves grow grows fall falls hold holds build builds learn learns study
    studies review reviews test tests tested explain explains answer answers
    """.split()
)
