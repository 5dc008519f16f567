"""Explicit rules around the learned head, for what a sentence embedding reads badly.

Pooled embeddings blur negation ("nobody was hurt" sits next to "he was hurt") and
anticipation ("I will miss this place"), and a short phrase that always means a loss
("happy heavenly birthday", "Fehlgeburt") can drown in a long caption. The rules stay few
and generic: unambiguous phrases set a floor, negated or idiomatic harm sets a ceiling.
A phrase counts as negated when a negation word stands up to four words before it
(the NegEx idea, with its window shortened for captions). English has the most phrases;
German, Spanish, French, Portuguese and Italian have the words that name a loss outright
and the idioms of dying of laughter.
"""

from __future__ import annotations

import re

FLOOR = 0.9
"""Score given to a text with an unambiguous phrase of loss, whatever the head said."""
CEILING_SHARE = 0.5
"""Texts whose only harm is negated or idiomatic keep at most this share of PAINFUL."""

_PEOPLE = (
    r"(?:mum|mom|mother|dad|father|husband|wife|son|daughter|brother|sister"
    r"|grandma|grandmother|grandad|grandpa|grandfather|best friend)\b(?! weight)"
)
_SURE: dict[str, tuple[str, ...]] = {
    "bereavement": (
        r"passed away|lost (?:his|her|their) (?:long )?battle",
        r"took (?:his|her|their) own life|died by suicide",
        rf"(?:lost|losing) (?:my|our) {_PEOPLE}",
    ),
    "pregnancy_loss": (
        r"miscarr(?:y|ied|iage)(?! of justice)|still ?born|born sleeping",
        r"no heartbeat|angel baby|pregnancy loss|infant loss",
        r"(?:lost|losing) (?:the|our|my) (?:baby|pregnancy)",
    ),
    "funeral_memorial": (
        r"funeral|memorial service|wake for|eulogy|laid to rest|celebration of life",
    ),
    "breakup_divorce": (
        r"divorc(?:e|ed|ing)\b(?! from my (?:phone|bank|carrier))",
        r"(?:we|i) (?:have )?split up|separat(?:e|ed|ing) as a couple|end(?:ed|ing)? our marriage",
    ),
    "pet_loss": (
        r"rainbow bridge|put (?:him|her|them) (?:down|to sleep)|(?:was|were) put to sleep",
    ),
    "job_loss": (r"\blaid off\b|made redundant|\blost my job\b",),
    "remembrance": (
        r"heavenly (?:birthday|anniversary)|(?:birthday|anniversary) in heaven|angelversary",
        r"in loving memory",
        r"(?:year|years|months) without (?:you|him|her)\b",
    ),
    "abuse_trauma": (
        r"domestic (?:violence|abuse)|sexual(?:ly)? assault(?:ed)?|abusive relationship",
    ),
    "illness": (
        r"palliative care|terminally ill|in (?:a |the )?hospice",
        r"(?:nights?|days|weeks?) in (?:the )?hospital|admitted to (?:the )?hospital",
        r"hospital stay|in intensive care|in the icu\b",
    ),
}
_SURE_ELSEWHERE: dict[str, tuple[str, ...]] = {
    "bereavement": (
        r"(?:ist|sind) (?:heute |gestern |friedlich )*(?:verstorben|von uns gegangen)|verstorben",
        r"(?:est|sont) d[ée]c[ée]d[ée]e?s?|nous a quitt[ée]s?",
        r"falleci[óo]|ha fallecido|nos dej[óo] para siempre",
        r"faleceu|falecimento",
        r"(?:è|sono) (?:venut[oaie] a mancare|scompars[oaie])|ci ha lasciat[oi] per sempre",
    ),
    "pregnancy_loss": (
        r"fehlgeburt|totgeburt|sternenkind|still geboren",
        r"fausse[- ]couche|mort[- ]n[ée]e?|b[ée]b[ée] [ée]toile|ange au ciel",
        r"aborto espont[áa]neo|p[ée]rdida gestacional|beb[ée] arco[ií]ris perdido",
        r"aborto espont[âa]neo|perda gestacional|natimort[oa]",
        r"aborto spontaneo|nat[oa] mort[oa]",
    ),
    "funeral_memorial": (
        r"beerdigung|beisetzung|trauerfeier|bestattung",
        r"obs[èe]ques|fun[ée]railles|enterrement(?! de vie)",
        r"velorio|sepelio|funeral",
        r"vel[óo]rio|sepultamento|funeral",
        r"funerale|esequie",
    ),
    "breakup_divorce": (
        r"scheidung|geschieden",
        r"divorc(?:e|é|ée|er|ons)\b",
        r"divorci(?:o|ad[oa]s?|arnos)",
        r"div[óo]rcio|divorciad[oa]s?",
        r"divorzi(?:o|at[oaie])",
    ),
    "illness": (
        r"(?:n[äa]chte?|tage|wochen?) im krankenhaus|ins krankenhaus eingeliefert"
        r"|krankenhausaufenthalt|auf der intensivstation",
        r"(?:nuits?|jours|semaines?) [àa] l'h[ôo]pital|hospitalis[ée]e?s?|en r[ée]animation",
        r"(?:noches?|d[ií]as|semanas?) en el hospital|hospitalizad[oa]s?|en la uci\b",
        r"(?:noites?|dias|semanas?) no hospital|internad[oa]s? no hospital|na uti\b",
        r"(?:notti?|giorni|settimane?) in ospedale|ricoverat[oaie]|in terapia intensiva",
    ),
    "pet_loss": (
        r"regenbogenbr[üu]cke|eingeschl[äa]fert",
        r"pont de l'arc[- ]en[- ]ciel|euthanasi[ée]",
        r"puente del arco[ií]ris",
        r"ponte do arco[- ]?[ií]ris",
        r"ponte dell'arcobaleno",
    ),
}
"""Words that name a loss outright in the five other languages: always a loss, whatever
the sentence around them (negation aside)."""

_ALL_SURE = {
    theme: (*_SURE.get(theme, ()), *_SURE_ELSEWHERE.get(theme, ()))
    for theme in dict.fromkeys([*_SURE, *_SURE_ELSEWHERE])
}
SURE = {
    theme: re.compile(r"\b(?:" + "|".join(parts) + ")", re.IGNORECASE)
    for theme, parts in _ALL_SURE.items()
}
ANY_SURE = re.compile(
    r"\b(?:" + "|".join(part for parts in _ALL_SURE.values() for part in parts) + ")",
    re.IGNORECASE,
)
"""Matches where any theme's pattern matches: one search clears most texts at once."""

NEGATION = re.compile(
    r"\b(?:no|not|never|nobody|no one|no-one|without|isn't|wasn't|aren't|weren't|didn't|"
    r"don't|nothing|thankfully not"
    r"|nicht|kein\w*|nie|niemand|ohne|ne|pas|jamais|personne|sans|nunca|nadie|sin|n[ãa]o"
    r"|nem|ningu[ée]m|sem|non|mai|nessun\w*|senza)\b(?:\W+\w+){0,4}\W*$",
    re.IGNORECASE,
)

_HARMLESS = (
    # harm that is denied
    r"(?:no one|nobody|no-one|none of us) (?:(?:was|were|got) )?"
    r"(?:hurt|injured|harmed|died|killed)",
    r"(?:not|never) (?:dead|dying)\b|still (?:alive|not dead)|alive and (?:well|kicking)",
    r"(?:cancer|tumou?r|disease)[- ]free|in remission|all clear|rang the bell",
    # leaving ahead, not a loss behind
    r"(?:will|gonna|going to|'ll) miss (?:this|that|these|those|the|you all|everyone)",
    # idioms of death and harm
    r"kill(?:ed|ing|s)? it\b|to die for|dying (?:to|of laughter|laughing)",
    r"rip (?:my|to my) (?:diet|wallet|bank|phone|sleep)",
    # dying of laughter, and "to die for", in the other languages
    r"tot(?:ge)?lach\w*|zum totlachen",
    r"mort(?:e|s|es)? de rire|(?:à|a) mourir de rire|je suis mort(?:e)? 😂",
    r"(?:me|nos) mor[íi](?:mos)? de (?:risa|la risa)|me muero de (?:risa|la risa|ganas)"
    r"|muert[oa]s? de (?:risa|la risa)",
    r"morr(?:endo|i|emos) de rir|morri de rir",
    r"mort[oaie] dal ridere|(?:riso|ridere|bell[oa]|buon[oa]) da morire",
)
HARMLESS = re.compile("|".join(f"(?:{p})" for p in _HARMLESS), re.IGNORECASE)

CELEBRATION = re.compile(
    r"\b(?:happy (?:\d+\w* )?(?:(?:year|wedding) )?anniversary|happy (?:\d+\w* )?birthday"
    r"|(?:just|got|getting) married|we(?:'re| are) (?:married|engaged|expecting)|got engaged"
    r"|welcome(?:d)? (?:\w+ ){0,3}to the world|it'?s a (?:boy|girl)\b|(?:she|he)'?s here\b"
    r"|merry christmas|happy (?:new year|holidays|thanksgiving|easter|valentine'?s)"
    # the same news in the five other languages: a birth, a wedding, a birthday
    r"|auf die welt gekommen|(?:ist|sind) geboren|willkommen|wir haben geheiratet"
    r"|alles gute zum geburtstag|es ist ein (?:junge|mädchen)"
    r"|(?:est|sont) n[ée]e?s?\b|bienvenue|nous nous sommes mari[ée]s|on s'est mari[ée]s"
    r"|joyeux anniversaire|c'est une? (?:fille|garçon)"
    r"|naci[óo]|nacieron|bienvenid[oa]|nos casamos|feliz cumplea[ñn]os|es una? (?:niña|niño)"
    r"|nasceu|nasceram|nascemos|bem[- ]vind[oa]|nos casamos|feliz anivers[áa]rio"
    r"|(?:é|e) (?:uma )?menin[oa]"
    r"|(?:è|e) nat[oa]|sono nat[ie]|benvenut[oa]|ci siamo sposati|buon compleanno"
    r"|(?:è|e) una femmina|(?:è|e) un maschio|saremo in (?:3|tre))",
    re.IGNORECASE,
)
"""A happy event announced: love and tears at a wedding or a birth read like grief to the
encoder (the tune half's false alarms: an anniversary, a new baby)."""
GRIEF = re.compile(
    r"\b(?:miss(?:es|ed|ing)?|gone|heaven\w*|passed|lost|loss|griev\w*|grief|rip|rest in"
    r"|died|dies|death|dead|funeral|goodbye|angel\w*|would(?:'ve| have) been"
    r"|without (?:you|him|her)|memor(?:y|ies|ial)|remember\w*|sad\w*|sorrow|mourn\w*"
    r"|heart ?br(?:oken|eak\w*)|empty|first|wish(?:ed)?|hard(?:est)?|pain\w*|hurt\w*|alone|never"
    r"|hospital|nicu|icu|sick|cancer|chemo|diagnos\w*|divorc\w*|separat\w*|last"
    r"|vermiss\w*|fehl(?:st|t)|himmel\w*|tot|gestorben|verlor\w*|verlust|trauer\w*|stern\w*"
    r"|krankenhaus|intensiv\w*|leider|allein"
    r"|manque\w*|ciel|mort\w*|d[ée]c[ée]d\w*|perdu\w*|deuil|[ée]toile|ange\w*|h[ôo]pital"
    r"|r[ée]animation|seul\w*|triste\w*"
    r"|extra[ñn]\w*|cielo|muert\w*|falle\w*|perd\w*|luto|estrella|[áa]ngel\w*|sin vida"
    r"|dormid[oa]|solo|sol[ao]|uci|triste\w*"
    r"|saudade\w*|c[ée]u|falec\w*|uti|sozinh[oa]"
    r"|manc\w*|scompars\w*|pers[oaie]|lutto|stella|angel\w*|ospedale|terapia intensiva)\b",
    re.IGNORECASE,
)
"""Words that keep a celebration's text from the ceiling ("happy birthday Dad, I miss you",
"Merry Christmas, the first one with an empty chair"). Erring wide here is safe: the
text is then left to the learned head."""


def harmless(text: str) -> bool:
    """Harm only denied or idiomatic, or a happy event announced with no word of loss."""
    return bool(HARMLESS.search(text)) or (
        bool(CELEBRATION.search(text)) and not GRIEF.search(text)
    )


def _negated(text: str, start: int) -> bool:
    return bool(NEGATION.search(text[max(0, start - 60) : start]))


def _themes(text: str) -> tuple[str, ...]:
    if not ANY_SURE.search(text):
        return ()
    return tuple(
        theme
        for theme, pattern in SURE.items()
        if any(not _negated(text, m.start()) for m in pattern.finditer(text))
    )


def adjusted(text: str, score: float, painful_at: float) -> tuple[float, tuple[str, ...]]:
    """The score after the rules, and the themes an unambiguous, non-negated phrase names:
    such a phrase lifts the score to FLOOR; text whose only harm is denied or idiomatic is
    capped at CEILING_SHARE of PAINFUL (looked for only when the cap could lower it), and
    so is a happy event announced with no word of loss."""
    themes = _themes(text)
    if themes:
        return max(score, FLOOR), themes
    ceiling = painful_at * CEILING_SHARE
    if score > ceiling and harmless(text):
        return ceiling, ()
    return score, ()
