#!/usr/bin/env python3
"""gen_pages.py: deterministic synthetic news pages for bench/html.sh.

    gen_pages.py N OUTDIR [--seed S]

Writes OUTDIR/page-00000.html .. page-<N-1>.html and OUTDIR/MANIFEST: one
line per page, "FILE<TAB>URL" (the URL is the page's base URL, where it
would have been fetched from).  Every byte is a function of (seed, page
index): the same arguments give the same files (the random module seeded
with an integer, whose sequence Python 3 keeps from version to version).

About 90% of the pages are article pages of 30-150 KB: a head with meta,
Open Graph, Twitter and (mostly) JSON-LD, stylesheets and scripts; a nav
of 30-60 links; a header; an article of 6-30 paragraphs with links,
<em> and <strong>, subheads, figures, lists, quotes and ad slots; a
related-stories block of 4-12 cards (image, headline, snippet cut with an
ellipsis); a "most read" sidebar; comments on 20-50% (more on larger
pages); a footer of 30 links; inline CSS and scripts (critical CSS,
hydration state, analytics) as real pages carry: 20-50% of each page's
bytes, ~39% overall (the trafilatura evaluation pages: 36%).  About
10% are listing pages (a section front: a grid of 20-40 cards).
Sixteen sites over four templates: WordPress-like, news-CMS-like (BEM
classes), div soup (hashed CSS-module classes) and an old table layout;
ten English sites, four with accented Latin text (fr, de, es, pt) and two
CJK (zh, ja).  All UTF-8.

Python 3 standard library only.
"""

import argparse
import json
import os
import random
import sys
import time
import unicodedata
from html import escape

EPOCH = 1780272000          # 2026-06-01T00:00:00Z: dates fall before it

# --- words -------------------------------------------------------------------

EN = """the council said on a plan for new water main road bridge school board
budget vote residents city county state officials week year month after before
while during against about under over between million thousand percent people
families workers drivers students teachers police fire department hospital
clinic library park river harbor ferry rail station bus route service cuts
funding grant project construction repairs delay cost estimate report study
survey data analysis committee meeting hearing public comment proposal
ordinance tax rate property owners business district downtown neighborhood
housing rent development zoning permit approval appeal court judge ruling
case lawsuit settlement election candidate campaign mayor governor senator
representative district voters turnout ballot recount result season team
coach game players fans stadium weather storm snow rain flood wind power
outage crews utility company customers prices market jobs economy growth
local national federal agency program plan says would could should might
also still only just even more most less many several some other first last
next new old long short high low early late major minor small large key
spokesperson director manager chief president chair member staff volunteers
group association union nonprofit foundation organization partners community
center museum festival event opening closing anniversary history record
decision response concerns questions answers issue problem solution changes
improvements safety security health care energy climate emissions solar
transit traffic parking lanes pedestrians cyclists trail lake coast island
valley hills farm food market restaurant owner shop street avenue corner""".split()

LATIN = {
    "fr": """le la les des une un réunion conseil municipal été année élève
école hôpital député élection budget région société économie développement
sécurité énergie président gouvernement réforme première dernière début
février août décembre très après déjà même où à ça être français européen
intérêt qualité théâtre rôle côte forêt île fenêtre château chômage église
préfet maire électricité réseau télévision numéro problème système général
écologique mesure dépense communauté événement élu bâtiment coût prévu
déclaré réalisé arrêté décidé créé développé sélectionné annoncé vidéo""",
    "de": """der die das und für über größer Straße Bürgermeister Gemeinderat
Schüler Universität Verkehr Bahnhof Öffentlichkeit Prüfung Wähler Regierung
Kosten Millionen Jahr Woche Stadt Brücke Haushalt Entscheidung müssen können
würde Zuständigkeit Einwohner Überprüfung Gebäude Ärzte Krankenhaus
Kläranlage Bürger Gespräch Förderung Lösung Änderung gemäß außerdem während
schließlich künftig natürlich größte höhere Gebühren Grundstück Anträge
Verwaltung Fußgänger Ausschuss Stellungnahme Landkreis Zuschüsse""",
    "es": """el la los las para según también años región gobierno alcalde
ciudad elección económico política públicos niños educación información
decisión más está están después través millón así país día reunión comisión
vehículo puente próximo último análisis médico energía río población
año construcción inversión presupuesto régimen líder opinión jóvenes
técnico público período camión teléfono cárcel pequeño señaló añadió""",
    "pt": """o a os as para também região governo prefeito cidade eleição
econômica política públicos crianças educação informação decisão mais está
estão depois através milhões assim país dia reunião comissão ônibus ponte
saúde água ação já não são órgão câmara município população orçamento
família médico análise votação única área estação obras trânsito você
família histórico ciência técnico índice nível órgãos serviço próxima""",
}

ZH = ("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动"
      "同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自"
      "二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日"
      "那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变"
      "条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总"
      "次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指"
      "几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器"
      "压志世金增争济阶油思术极交受联认六共权收证改清己美再采转更单风切打白教速花带安场"
      "身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温")
JA_KANJI = ("日本東京市政府会議選挙経済大学学校病院駅電車地域住民予算計画発表調査事業開始新型"
            "対策支援関係今年時間場所問題必要情報意見報告委員長議会市長知事県内観光道路工事")
JA_KANA = "のにはをたがでてとしれさあるいうかもなっこですますからまでよりした"

SECTIONS = {
    "en": ["News", "Local", "Politics", "Business", "Sports", "Opinion",
           "Arts", "Food", "Travel", "Science", "Health", "Education",
           "Weather", "Obituaries", "Real Estate", "Technology", "Climate",
           "Crime", "Courts", "Transportation", "Books", "Music", "Film",
           "Events", "Letters", "Photos", "Video", "Podcasts"],
    "fr": ["Actualités", "Société", "Économie", "Politique", "Sports",
           "Culture", "Santé", "Éducation", "Météo", "Région", "Médias",
           "Idées", "Planète", "Sciences", "Vidéos", "Élections 2026"],
    "de": ["Nachrichten", "Politik", "Wirtschaft", "Sport", "Kultur",
           "Meinung", "Gesundheit", "Wissen", "Bildung", "Region", "Verkehr",
           "Fußball", "Reise", "Digitales", "Wetter", "Über uns"],
    "es": ["Noticias", "Política", "Economía", "Deportes", "Cultura",
           "Opinión", "Salud", "Educación", "Tecnología", "Región",
           "Ciencia", "Vídeos", "Meteorología", "Sociedad", "Música"],
    "pt": ["Notícias", "Política", "Economia", "Esportes", "Cultura",
           "Opinião", "Saúde", "Educação", "Tecnologia", "Região",
           "Ciência", "Vídeos", "Trânsito", "Sociedade", "Música"],
    "zh": ["新闻", "国内", "国际", "财经", "体育", "娱乐", "科技", "健康",
           "教育", "文化", "汽车", "房产", "旅游", "评论", "图片", "视频"],
    "ja": ["ニュース", "政治", "経済", "国際", "社会", "スポーツ", "文化",
           "科学", "地域", "天気", "医療", "教育", "暮らし", "特集", "動画"],
}

FOOTER = {
    "en": ["About us", "Contact", "Staff", "Careers", "Advertise",
           "Subscribe", "Newsletters", "Privacy policy", "Terms of use",
           "Cookie settings", "Accessibility", "Corrections", "Ethics",
           "RSS feeds", "Site map", "Help", "Archives", "E-edition",
           "Submit a tip", "Events calendar"],
    "fr": ["Qui sommes-nous", "Contact", "Mentions légales", "Confidentialité",
           "Cookies", "Publicité", "Abonnement", "Newsletters", "Plan du site",
           "Archives", "Offres d'emploi", "Accessibilité"],
    "de": ["Impressum", "Datenschutz", "Kontakt", "Über uns", "Abo",
           "Newsletter", "Karriere", "Werbung", "Barrierefreiheit", "Archiv",
           "Nutzungsbedingungen", "Cookie-Einstellungen"],
    "es": ["Quiénes somos", "Contacto", "Aviso legal", "Privacidad", "Cookies",
           "Publicidad", "Suscripción", "Boletines", "Mapa del sitio",
           "Hemeroteca", "Empleo", "Accesibilidad"],
    "pt": ["Quem somos", "Contato", "Termos de uso", "Privacidade", "Cookies",
           "Publicidade", "Assinatura", "Newsletters", "Mapa do site",
           "Arquivo", "Trabalhe conosco", "Acessibilidade"],
    "zh": ["关于我们", "联系我们", "广告服务", "招聘信息", "隐私政策", "用户协议",
           "网站地图", "帮助中心", "版权声明", "意见反馈", "订阅", "客户端"],
    "ja": ["会社概要", "お問い合わせ", "広告掲載", "採用情報", "プライバシー",
           "利用規約", "サイトマップ", "ヘルプ", "著作権", "購読", "アプリ", "記事一覧"],
}

WORDS = {
    "most_read": {"en": "Most read", "fr": "Les plus lus", "de": "Meistgelesen",
                  "es": "Lo más leído", "pt": "Mais lidas", "zh": "热门排行",
                  "ja": "よく読まれている記事"},
    "related": {"en": "Related stories", "fr": "À lire aussi",
                "de": "Das könnte Sie auch interessieren", "es": "Te puede interesar",
                "pt": "Leia também", "zh": "相关新闻", "ja": "関連記事"},
    "comments": {"en": "Comments", "fr": "Commentaires", "de": "Kommentare",
                 "es": "Comentarios", "pt": "Comentários", "zh": "评论",
                 "ja": "コメント"},
    "ad": {"en": "Advertisement", "fr": "Publicité", "de": "Anzeige",
           "es": "Publicidad", "pt": "Publicidade", "zh": "广告", "ja": "広告"},
    "by": {"en": "By", "fr": "Par", "de": "Von", "es": "Por", "pt": "Por",
           "zh": "作者：", "ja": "記者："},
    "share": {"en": "Share this article", "fr": "Partager", "de": "Teilen",
              "es": "Compartir", "pt": "Compartilhar", "zh": "分享", "ja": "共有"},
    "newsletter": {"en": "Get the morning briefing in your inbox",
                   "fr": "Recevez notre lettre d'information",
                   "de": "Der Newsletter für Ihre Region",
                   "es": "Recibe nuestro boletín", "pt": "Receba nossa newsletter",
                   "zh": "订阅每日新闻", "ja": "ニュースレターを受け取る"},
    "reply": {"en": "Reply", "fr": "Répondre", "de": "Antworten",
              "es": "Responder", "pt": "Responder", "zh": "回复", "ja": "返信"},
    "next": {"en": "Next page", "fr": "Page suivante", "de": "Nächste Seite",
             "es": "Siguiente", "pt": "Próxima", "zh": "下一页", "ja": "次へ"},
}

FIRST = ["Priya", "Marcus", "Elena", "Tomás", "Aisha", "Jonas", "Chloé",
         "Daniel", "Mei", "Kwame", "Sofia", "Liam", "Noor", "Hiroshi",
         "Grace", "Mateo", "Ingrid", "Omar", "Léa", "Rafael"]
LAST = ["Natarajan", "Okafor", "Schmidt", "García", "Lindqvist", "Dubois",
        "Kowalski", "Haddad", "Nakamura", "O'Brien", "Rossi", "Müller",
        "Santos", "Chen", "Fischer", "Moreau", "Patel", "Novák", "Jensen",
        "Ibáñez"]
ZH_NAMES = ["王伟", "李娜", "张敏", "刘洋", "陈静", "杨帆", "赵磊", "黄丽"]
JA_NAMES = ["佐藤健", "鈴木花子", "高橋誠", "田中美咲", "伊藤翔", "渡辺直子"]

# (template, site name, host, language)
SITES = [
    ("wp", "The Eastbrook Bugle", "eastbrookbugle.org", "en"),
    ("wp", "Harbor Light Weekly", "harborlightweekly.com", "en"),
    ("wp", "Le Courrier des Vallées", "courrier-des-vallees.fr", "fr"),
    ("wp", "湾岸タイムス", "wangan-times.jp", "ja"),
    ("cms", "The Meridian Herald", "www.meridianherald.com", "en"),
    ("cms", "Northgate Daily Ledger", "www.northgateledger.com", "en"),
    ("cms", "Rheinische Abendpost", "www.rheinische-abendpost.de", "de"),
    ("cms", "江城晚报", "www.jiangcheng-wanbao.cn", "zh"),
    ("soup", "Pulse City", "pulsecity.news", "en"),
    ("soup", "Brightline Report", "www.brightlinereport.com", "en"),
    ("soup", "El Faro del Sur", "www.elfarodelsur.es", "es"),
    ("soup", "Metro Wire", "metrowire.io", "en"),
    ("table", "Cedar County Courier", "www.cedarcountycourier.com", "en"),
    ("table", "Valley Farm Gazette", "valleyfarmgazette.org", "en"),
    ("table", "Gazeta do Planalto", "www.gazetadoplanalto.com.br", "pt"),
    ("table", "Ridgewood Sentinel", "www.ridgewoodsentinel.net", "en"),
]

LOCALE = {"en": "en_US", "fr": "fr_FR", "de": "de_DE", "es": "es_ES",
          "pt": "pt_BR", "zh": "zh_CN", "ja": "ja_JP"}


def words_of(lang):
    if lang == "en":
        return EN
    return LATIN[lang].split()


class Text:
    """Sentences, headlines and names in one language, from one rng."""

    def __init__(self, rng, lang):
        self.r = rng
        self.lang = lang
        self.cjk = lang in ("zh", "ja")
        if not self.cjk:
            self.words = words_of(lang)

    def _cjk_run(self, n):
        r = self.r
        if self.lang == "zh":
            return "".join(r.choice(ZH) for _ in range(n))
        out = []
        while len(out) < n:
            out.extend(r.choice(JA_KANJI) for _ in range(r.randint(1, 3)))
            out.extend(r.choice(JA_KANA) for _ in range(r.randint(1, 3)))
        return "".join(out[:n])

    def tokens(self, lo, hi):
        """A sentence's pieces (words, or CJK runs) without its end."""
        r = self.r
        if self.cjk:
            return [self._cjk_run(r.randint(3, 8))
                    for _ in range(r.randint(lo // 2 + 1, hi // 2 + 1))]
        return [r.choice(self.words) for _ in range(r.randint(lo, hi))]

    def join(self, toks, end):
        if self.cjk:
            out = []
            for i, t in enumerate(toks):
                out.append(t)
                if i + 1 < len(toks) and self.r.random() < 0.25:
                    out.append(self.r.choice("，、"))
            return "".join(out) + end
        s = " ".join(toks)
        return s[:1].upper() + s[1:] + end

    def sentence(self):
        toks = self.tokens(8, 24)
        if not self.cjk and len(toks) > 10 and self.r.random() < 0.4:
            toks[self.r.randint(3, len(toks) - 4)] += ","
        return self.join(toks, "。" if self.cjk else ".")

    def sentences(self, lo, hi):
        sep = "" if self.cjk else " "
        return sep.join(self.sentence() for _ in range(self.r.randint(lo, hi)))

    def headline(self):
        if self.cjk:
            return self.join(self.tokens(4, 8), "")
        toks = self.tokens(6, 12)
        return self.join(toks, "")

    def label(self):
        return self.join(self.tokens(1, 3), "")

    def name(self):
        if self.lang == "zh":
            return self.r.choice(ZH_NAMES)
        if self.lang == "ja":
            return self.r.choice(JA_NAMES)
        return self.r.choice(FIRST) + " " + self.r.choice(LAST)

    def cut(self, s, lo=90, hi=170):
        """A snippet cut with an ellipsis, as teaser cards show them."""
        n = self.r.randint(lo, hi) // (3 if self.cjk else 1)
        if len(s) <= n:
            return s
        s = s[:n]
        if not self.cjk and " " in s:
            s = s[:s.rindex(" ")].rstrip(",")
        return s + self.r.choice(["…", "…", "..."])


def slugify(s, rng):
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    s = "".join(c.lower() if c.isalnum() else "-" for c in s)
    s = "-".join(p for p in s.split("-") if p)[:70].strip("-")
    return s or "story-%d" % rng.randint(10000, 99999)


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(t))


def ymd(t):
    return time.strftime("%Y/%m/%d", time.gmtime(t))


def human_date(t, lang):
    g = time.gmtime(t)
    if lang in ("zh", "ja"):
        return "%d年%d月%d日 %02d:%02d" % (g.tm_year, g.tm_mon, g.tm_mday,
                                          g.tm_hour, g.tm_min)
    months = ["January", "February", "March", "April", "May", "June", "July",
              "August", "September", "October", "November", "December"]
    return "%s %d, %d" % (months[g.tm_mon - 1], g.tm_mday, g.tm_year)


def h(s):
    return escape(s, quote=True)


# --- the content of one page --------------------------------------------------

class Page:
    def __init__(self, seed, index):
        self.r = r = random.Random(seed * 1000003 + index * 7919 + 17)
        self.index = index
        self.site = SITES[r.randrange(len(SITES))]
        self.tpl, self.sitename, self.host, self.lang = self.site
        self.t = Text(r, self.lang)
        self.listing = r.random() < 0.10
        self.target = r.randint(30, 150) * 1024
        # How far towards the large end the page's parts are drawn.
        self.f = (self.target - 30 * 1024) / (120 * 1024)
        self.origin = "https://" + self.host
        self.secs = SECTIONS[self.lang]
        self.section = r.choice(self.secs[:10])
        self.published = EPOCH - r.randint(3600, 400 * 86400)
        self.modified = self.published + r.choice([0, 0, r.randint(600, 86400)])
        self.id = r.randint(10000, 999999)
        if self.listing:
            self.title = self.section
            self.path = "/" + slugify(self.section, r) + "/"
            if r.random() < 0.3:
                self.path += "page/%d/" % r.randint(2, 9)
        else:
            self.title = self.t.headline()
            slug = slugify(self.title, r)
            self.path = self.story_path(self.published, slug, self.id)
        self.url = self.origin + self.path
        self.dek = self.t.sentences(1, 2)
        self.author = self.t.name()
        self.image = self.img_url(self.published, "lead")

    def n(self, lo, hi):
        """A count in [lo, hi], larger on larger pages."""
        x = self.f + self.r.gauss(0, 0.2)
        x = min(1.0, max(0.0, x))
        return lo + int(round((hi - lo) * x))

    def story_path(self, t, slug, ident):
        sec = slugify(self.section, self.r)
        if self.tpl == "wp":
            return "/%s/%s/" % (ymd(t), slug)
        if self.tpl == "cms":
            return "/%s/%s/%s-%d" % (sec, ymd(t), slug, ident)
        if self.tpl == "soup":
            return "/%s/%s-%d" % (sec, slug, ident)
        return "/news/%s/%d.html" % (sec, ident)

    def img_url(self, t, name, w=1200, hh=675):
        return "https://cdn.%s/images/%s/%s-%d-%dx%d.jpg" % (
            self.host.replace("www.", ""), ymd(t)[:7], name,
            self.r.randint(100, 99999), w, hh)

    def link(self, path):
        """A link to this site: relative, root-relative or absolute."""
        x = self.r.random()
        if x < 0.45:
            return self.origin + path
        return path

    def other_story(self):
        t = self.published - self.r.randint(3600, 90 * 86400)
        hl = self.t.headline()
        return {"t": t, "headline": hl,
                "href": self.link(self.story_path(t, slugify(hl, self.r),
                                                  self.r.randint(10000, 999999))),
                "img": self.img_url(t, "card", 640, 360),
                "snippet": self.t.cut(self.t.sentences(1, 3)),
                "author": self.t.name()}

    def nav_links(self):
        k = self.n(30, 60)
        labels = list(self.secs)
        while len(labels) < k:
            labels.append(self.t.label())
        return [(lab, self.link("/" + slugify(lab, self.r) + "/"))
                for lab in labels[:k]]

    def footer_links(self):
        labels = list(FOOTER[self.lang]) + list(self.secs)
        while len(labels) < 30:
            labels.append(self.t.label())
        return [(lab, self.link("/" + slugify(lab, self.r) + "/"))
                for lab in labels[:30]]

    def inline(self, text, p_link=0.5):
        """A paragraph's text with links, <em> and <strong> in it."""
        r = self.r
        if self.t.cjk:
            pieces = [text[i:i + 12] for i in range(0, len(text), 12)]
        else:
            pieces = text.split(" ")
        out = []
        i = 0
        sep = "" if self.t.cjk else " "
        while i < len(pieces):
            x = r.random()
            span = r.randint(1, 4) if not self.t.cjk else 1
            chunk = sep.join(pieces[i:i + span])
            if x < 0.03 * p_link * 2:
                if r.random() < 0.8:
                    href = self.link(self.story_path(
                        self.published - r.randint(86400, 300 * 86400),
                        slugify(chunk, r) or "x", r.randint(10000, 999999)))
                else:
                    href = "https://www.%s.gov/%s" % (
                        r.choice(["state", "county", "city", "agency"]),
                        slugify(chunk, r))
                out.append('<a href="%s">%s</a>' % (h(href), h(chunk)))
            elif x < 0.06:
                out.append("<em>%s</em>" % h(chunk))
            elif x < 0.08:
                out.append("<strong>%s</strong>" % h(chunk))
            else:
                out.append(h(chunk))
                span = max(1, span)
            i += span
        return sep.join(out)

    def srcset(self, base):
        return ", ".join("%s?w=%d %dw" % (base, w, w) for w in
                         (320, 480, 640, 960, 1200, 1600)[:self.r.randint(3, 6)])


# --- the pieces that vary by template -----------------------------------------

CLASSES = {
    "wp": {
        "body": "post-template-default single single-post postid-{id} "
                "single-format-standard wp-embed-responsive has-sidebar",
        "wrap": "site", "header": "site-header", "nav": "main-navigation",
        "main": "site-main", "article": "post-{id} post type-post status-publish "
        "format-standard has-post-thumbnail hentry category-news",
        "title": "entry-title", "meta": "entry-meta", "content": "entry-content",
        "p": "", "figure": "wp-block-image size-large",
        "related": "jp-relatedposts", "card": "jp-relatedposts-post",
        "sidebar": "widget-area", "widget": "widget widget_top-posts",
        "comments": "comments-area", "footer": "site-footer",
        "grid": "archive-posts", "gridcard": "post type-post hentry",
    },
    "cms": {
        "body": "article-page template--story layout--default",
        "wrap": "page-wrapper", "header": "site-header__wrap",
        "nav": "nav-sections", "main": "main-content",
        "article": "article-body story--{id}", "title": "headline__text",
        "meta": "byline", "content": "article-body__content",
        "p": "paragraph body-text", "figure": "media-figure media-figure--inline",
        "related": "related-content", "card": "card card--teaser",
        "sidebar": "rail rail--right", "widget": "most-read",
        "comments": "comments-container", "footer": "site-footer__links",
        "grid": "section-front__grid", "gridcard": "card card--promo",
    },
    "soup": None,       # hashed classes, made per page
    "table": {
        "body": "", "wrap": "main", "header": "hdr", "nav": "leftnav",
        "main": "content", "article": "story", "title": "headline",
        "meta": "byline", "content": "storytext", "p": "", "figure": "photo",
        "related": "related", "card": "rel", "sidebar": "rightcol",
        "widget": "mostread", "comments": "comments", "footer": "footer",
        "grid": "list", "gridcard": "item",
    },
}


def soup_classes(r):
    def hc(name):
        return "%s_%s__%s" % (r.choice(["styles", "Article", "Layout", "ui"]),
                              name, "".join(r.choice(
                                  "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ0123456789")
                                  for _ in range(5)))

    def css():
        return "css-" + "".join(r.choice("0123456789abcdefghijklmnopqrstuvwxyz")
                                for _ in range(r.randint(5, 7)))
    c = {}
    for k in CLASSES["wp"]:
        c[k] = hc(k) if r.random() < 0.6 else css() + " " + css()
    c["body"] = ""
    return c


def head(pg, c):
    r, t = pg.r, pg.t
    sep = r.choice([" - ", " | ", " – ", " :: "])
    out = ['<!DOCTYPE html>' if pg.tpl != "table" else
           '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" '
           '"http://www.w3.org/TR/html4/loose.dtd">',
           '<html lang="%s"%s>' % (LOCALE[pg.lang].replace("_", "-"),
                                   ' class="no-js"' if pg.tpl != "table" else ""),
           "<head>"]
    if pg.tpl == "table" and r.random() < 0.5:
        out.append('<meta http-equiv="Content-Type" content="text/html; charset=utf-8">')
    else:
        out.append('<meta charset="utf-8">')
    out.append('<meta name="viewport" content="width=device-width, initial-scale=1">')
    out.append("<title>%s%s%s</title>" % (h(pg.title), sep, h(pg.sitename)))
    out.append('<meta name="description" content="%s">' % h(pg.dek))
    if r.random() < 0.9:
        out.append('<link rel="canonical" href="%s">' % h(pg.url))
    out.append('<meta name="robots" content="index, follow, max-image-preview:large">')
    kind = "website" if pg.listing else "article"
    og = pg.tpl != "table" or r.random() < 0.5
    if og:
        for k, v in (("og:locale", LOCALE[pg.lang]), ("og:type", kind),
                     ("og:title", pg.title), ("og:description", pg.dek),
                     ("og:url", pg.url), ("og:site_name", pg.sitename),
                     ("og:image", pg.image), ("og:image:width", "1200"),
                     ("og:image:height", "675")):
            out.append('<meta property="%s" content="%s">' % (k, h(v)))
        if not pg.listing:
            out.append('<meta property="article:published_time" content="%s">'
                       % iso(pg.published))
            out.append('<meta property="article:modified_time" content="%s">'
                       % iso(pg.modified))
            out.append('<meta property="article:section" content="%s">'
                       % h(pg.section))
            for _ in range(r.randint(1, 5)):
                out.append('<meta property="article:tag" content="%s">'
                           % h(t.label()))
        for k, v in (("twitter:card", "summary_large_image"),
                     ("twitter:site", "@" + slugify(pg.sitename, r)[:15]),
                     ("twitter:title", pg.title), ("twitter:description", pg.dek),
                     ("twitter:image", pg.image)):
            out.append('<meta name="%s" content="%s">' % (k, h(v)))
    if not pg.listing:
        out.append('<meta name="author" content="%s">' % h(pg.author))
    out.append('<link rel="alternate" type="application/rss+xml" title="%s" '
               'href="%s/feed/">' % (h(pg.sitename), pg.origin))
    out.append('<link rel="icon" href="/favicon.ico" sizes="32x32">')
    for _ in range(r.randint(1, 4)):
        out.append('<link rel="preload" as="font" type="font/woff2" crossorigin '
                   'href="https://cdn.%s/fonts/%s-%d.woff2">'
                   % (pg.host, r.choice(["serif", "sans", "display", "mono"]),
                      r.randint(100, 999)))
    for _ in range(r.randint(1, 5)):
        out.append('<link rel="stylesheet" href="https://cdn.%s/css/%s.%x.css" '
                   'media="all">' % (pg.host, r.choice(["main", "article", "vendor",
                                                        "print", "theme"]),
                                     r.getrandbits(32)))
    # JSON-LD: most article pages, some listings.
    if (not pg.listing and (pg.tpl != "table" or r.random() < 0.3)
            and r.random() < 0.85) or (pg.listing and r.random() < 0.4):
        if pg.listing:
            ld = {"@context": "https://schema.org", "@type": "CollectionPage",
                  "name": pg.title, "url": pg.url,
                  "isPartOf": {"@type": "WebSite", "name": pg.sitename,
                               "url": pg.origin + "/"}}
        else:
            ld = {"@context": "https://schema.org",
                  "@type": r.choice(["NewsArticle", "Article", "ReportageNewsArticle"]),
                  "headline": pg.title, "description": pg.dek,
                  "datePublished": iso(pg.published),
                  "dateModified": iso(pg.modified),
                  "mainEntityOfPage": {"@type": "WebPage", "@id": pg.url},
                  "image": {"@type": "ImageObject", "url": pg.image,
                            "width": 1200, "height": 675},
                  "author": [{"@type": "Person", "name": pg.author,
                              "url": pg.origin + "/author/" + slugify(pg.author, r) + "/"}],
                  "publisher": {"@type": "NewsMediaOrganization",
                                "name": pg.sitename,
                                "logo": {"@type": "ImageObject",
                                         "url": pg.origin + "/logo.png"}},
                  "articleSection": pg.section,
                  "inLanguage": LOCALE[pg.lang].replace("_", "-")}
            if r.random() < 0.5:
                ld = {"@context": "https://schema.org", "@graph": [
                    ld, {"@type": "BreadcrumbList", "itemListElement": [
                        {"@type": "ListItem", "position": 1, "name": pg.sitename,
                         "item": pg.origin + "/"},
                        {"@type": "ListItem", "position": 2, "name": pg.section,
                         "item": pg.origin + "/" + slugify(pg.section, r) + "/"}]}]}
                ld["@graph"][0].pop("@context")
        out.append('<script type="application/ld+json">%s</script>'
                   % json.dumps(ld, ensure_ascii=r.random() < 0.5).replace("</", "<\\/"))
    out.append("<script>window.dataLayer=window.dataLayer||[];function gtag()"
               "{dataLayer.push(arguments)}gtag('js',new Date());gtag('config',"
               "'G-%X');</script>" % r.getrandbits(40))
    out.append('<script async src="https://www.googletagmanager.com/gtag/js?id=G-%X">'
               '</script>' % r.getrandbits(40))
    for _ in range(r.randint(1, 6)):
        out.append('<script %ssrc="https://cdn.%s/js/%s.%x.js"></script>'
                   % (r.choice(["", "async ", "defer "]), pg.host,
                      r.choice(["vendor", "app", "ads", "consent", "video",
                                "analytics", "runtime"]), r.getrandbits(32)))
    out.append("@@STYLE@@")
    out.append("</head>")
    return "\n".join(out)


def svg_icon(r, name):
    return ('<svg class="icon icon-%s" aria-hidden="true" width="16" height="16">'
            '<use xlink:href="#icon-%s"></use></svg>' % (name, name))


def sprite(r):
    out = ['<svg xmlns="http://www.w3.org/2000/svg" style="display:none">']
    for name in ("facebook", "twitter", "email", "print", "search", "menu",
                 "close", "comment", "clock", "play"):
        d = " ".join("%s%d %d" % (r.choice("MLCQ"), r.randint(0, 24), r.randint(0, 24))
                     for _ in range(r.randint(6, 20)))
        out.append('<symbol id="icon-%s" viewBox="0 0 24 24"><path d="%sZ"/></symbol>'
                   % (name, d))
    out.append("</svg>")
    return "".join(out)


def nav_html(pg, c, links):
    r = pg.r
    if pg.tpl == "table":
        rows = "".join('<a href="%s" class="navlink">%s</a><br>\n' % (h(u), h(l))
                       for l, u in links)
        return rows
    # The first links are the sections, some with sub-menus.
    out = ['<nav class="%s" id="site-navigation" aria-label="Main">' % c["nav"],
           '<button class="menu-toggle" aria-expanded="false">%s Menu</button>'
           % svg_icon(r, "menu"), '<ul id="primary-menu" class="menu">']
    i = 0
    while i < len(links):
        l, u = links[i]
        sub = links[i + 1:i + 1 + r.randint(2, 6)] if r.random() < 0.25 else []
        cls = "menu-item menu-item-type-taxonomy menu-item-%d" % r.randint(100, 9999)
        if sub:
            out.append('<li class="%s menu-item-has-children"><a href="%s">%s</a>'
                       '<ul class="sub-menu">' % (cls, h(u), h(l)))
            out.extend('<li class="menu-item"><a href="%s">%s</a></li>' % (h(su), h(sl))
                       for sl, su in sub)
            out.append("</ul></li>")
            i += 1 + len(sub)
        else:
            out.append('<li class="%s"><a href="%s" data-track-category="nav" '
                       'data-track-label="%s">%s</a></li>' % (cls, h(u), h(l), h(l)))
            i += 1
    out.append("</ul></nav>")
    return "\n".join(out)


def header_html(pg, c, links):
    r = pg.r
    if pg.tpl == "table":
        return ('<table width="100%%" border="0" cellpadding="0" cellspacing="0" '
                'bgcolor="#ffffff"><tr><td colspan="3" class="%s"><a href="/">'
                '<img src="/images/masthead.gif" width="760" height="90" alt="%s" '
                'border="0"></a></td></tr><tr><td colspan="3" class="date">'
                '<font size="1" face="Verdana, Arial">%s</font></td></tr></table>'
                % (c["header"], h(pg.sitename), human_date(pg.published, pg.lang)))
    out = ['<a class="skip-link screen-reader-text" href="#main">Skip to content</a>',
           '<div class="top-bar"><div class="container">',
           '<span class="date">%s</span>' % human_date(EPOCH - 86400, pg.lang),
           '<a class="subscribe-btn" href="/subscribe/">Subscribe</a>',
           '<a class="login" href="/account/login/">Log in</a></div></div>',
           '<header id="masthead" class="%s" role="banner">' % c["header"],
           '<div class="site-branding"><a href="%s/" rel="home" class="custom-logo-link">'
           '<img src="%s/logo.svg" class="custom-logo" alt="%s" width="320" height="60">'
           '</a><p class="site-title"><a href="%s/" rel="home">%s</a></p>'
           '<p class="site-description">%s</p></div>'
           % (pg.origin, pg.origin, h(pg.sitename), pg.origin, h(pg.sitename),
              h(pg.t.label())),
           '<form role="search" method="get" class="search-form" action="/">'
           '<label><span class="screen-reader-text">Search for:</span>'
           '<input type="search" class="search-field" placeholder="Search" name="s">'
           '</label><button type="submit">%s</button></form>' % svg_icon(r, "search"),
           nav_html(pg, c, links), "</header>"]
    if r.random() < 0.5:
        out.append('<div class="ad-slot ad-leaderboard" data-ad-unit="/%d/%s/top" '
                   'data-sizes="[[728,90],[970,250]]" id="div-gpt-ad-%d">'
                   '<span class="ad-label">%s</span></div>'
                   % (r.randint(1000, 99999), slugify(pg.section, r),
                      r.randint(1000, 99999), WORDS["ad"][pg.lang]))
    return "\n".join(out)


def figure_html(pg, c, lead=False):
    r = pg.r
    src = pg.image if lead else pg.img_url(pg.published, "photo")
    cap = pg.t.sentences(1, 1)
    credit = pg.t.name() + " / " + pg.sitename
    lazy = r.random() < 0.4 and not lead
    if pg.tpl == "table":
        return ('<table align="right" width="300" cellpadding="4" class="%s"><tr><td>'
                '<img src="%s" width="300" height="200" alt="%s"><br>'
                '<font size="1">%s (%s)</font></td></tr></table>'
                % (c["figure"], h(src), h(cap[:60]), h(cap), h(credit)))
    if lazy:
        img = ('<img class="lazyload" src="data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEK'
               'AAEALAAAAAABAAEAAAICTAEAOw==" data-src="%s" data-srcset="%s" alt="%s" '
               'width="1200" height="675"><noscript><img src="%s" alt="%s"></noscript>'
               % (h(src), h(pg.srcset(src)), h(cap[:80]), h(src), h(cap[:80])))
    else:
        img = ('<img src="%s" srcset="%s" sizes="(max-width: 768px) 100vw, 768px" '
               'alt="%s" width="1200" height="675" loading="%s" decoding="async">'
               % (h(src), h(pg.srcset(src)), h(cap[:80]),
                  "eager" if lead else "lazy"))
    return ('<figure class="%s"><div class="media-wrap">%s</div><figcaption>'
            '<span class="caption">%s</span> <span class="credit">%s</span>'
            '</figcaption></figure>' % (c["figure"], img, h(cap), h(credit)))


def list_html(pg):
    r = pg.r
    tag = r.choice(["ul", "ol"])
    return "<%s>%s</%s>" % (tag, "".join(
        "<li>%s</li>" % pg.inline(pg.t.sentence(), 0.3)
        for _ in range(r.randint(3, 7))), tag)


def ad_html(pg):
    r = pg.r
    return ('<div class="ad-slot ad-inline" data-slot="inline-%d" data-lazy="true">'
            '<div class="ad-label">%s</div><div id="div-gpt-ad-%d-%d" '
            'style="min-height:250px"></div></div>'
            % (r.randint(1, 9), WORDS["ad"][pg.lang], r.randint(10 ** 9, 10 ** 10),
               r.randint(0, 9)))


def body_html(pg, c):
    """The story itself: paragraphs, subheads, figures, lists, quotes, ads."""
    r, t = pg.r, pg.t
    k = pg.n(6, 30)
    out = []
    pcls = (' class="%s"' % c["p"]) if c["p"] else ""
    # Longer paragraphs on larger pages.
    lo, hi = 2 + int(round(2 * pg.f)), 5 + int(round(3 * pg.f))
    for i in range(k):
        if i and i % r.randint(4, 7) == 0 and r.random() < 0.7:
            out.append("<h2>%s</h2>" % h(t.headline()))
        out.append("<p%s>%s</p>" % (pcls, pg.inline(t.sentences(lo, hi))))
        x = r.random()
        if i == 2 or (i > 3 and x < 0.07):
            out.append(ad_html(pg) if pg.tpl != "table" else
                       '<center><font size="1">%s</font><br><iframe src="/ads/%d.html" '
                       'width="300" height="250" frameborder="0"></iframe></center>'
                       % (WORDS["ad"][pg.lang], r.randint(1, 99)))
        elif x < 0.16:
            out.append(figure_html(pg, c))
        elif x < 0.24:
            out.append(list_html(pg))
        elif x < 0.28:
            out.append('<blockquote class="pullquote"><p>%s</p><cite>%s</cite>'
                       '</blockquote>' % (h(t.sentence()), h(t.name())))
        elif x < 0.30 and pg.tpl != "table":
            out.append('<aside class="inline-related"><strong>%s</strong> '
                       '<a href="%s">%s</a></aside>'
                       % (h(WORDS["related"][pg.lang]), h(pg.other_story()["href"]),
                          h(t.headline())))
    if pg.tpl == "table" and r.random() < 0.5:
        # Old pages leave their paragraphs open.
        out = [s.replace("</p>", "") for s in out]
    return "\n".join(out)


def byline_html(pg, c):
    r = pg.r
    return ('<div class="%s"><span class="byline-prefix">%s</span> '
            '<span class="author vcard"><a class="url fn n" href="%s" rel="author">%s</a>'
            '</span><span class="sep"> · </span><time class="entry-date published" '
            'datetime="%s">%s</time>%s</div>'
            % (c["meta"], WORDS["by"][pg.lang],
               h(pg.link("/author/" + slugify(pg.author, r) + "/")), h(pg.author),
               iso(pg.published), human_date(pg.published, pg.lang),
               ' <time class="updated" datetime="%s">Updated %s</time>'
               % (iso(pg.modified), human_date(pg.modified, pg.lang))
               if pg.modified != pg.published else ""))


def share_html(pg):
    r = pg.r
    u = h(pg.url)
    return ('<div class="share-bar" aria-label="%s">%s</div>'
            % (WORDS["share"][pg.lang], "".join(
                '<a class="share share-%s" href="%s" target="_blank" rel="noopener">'
                '%s<span class="screen-reader-text">%s</span></a>'
                % (n, h(href), svg_icon(r, n), n)
                for n, href in (("facebook", "https://www.facebook.com/sharer/sharer.php?u=" + pg.url),
                                ("twitter", "https://twitter.com/intent/tweet?url=" + pg.url),
                                ("email", "mailto:?subject=%s&body=%s" % (pg.title[:30], pg.url)),
                                ("print", "javascript:window.print()")))))


def card_html(pg, c, s, cls, heading="h3", snippet=True):
    r = pg.r
    img = ('<a class="card__media" href="%s" tabindex="-1" aria-hidden="true">'
           '<img src="%s" srcset="%s" alt="" width="640" height="360" loading="lazy">'
           '</a>' % (h(s["href"]), h(s["img"]), h(pg.srcset(s["img"]))))
    if pg.tpl == "table":
        return ('<tr><td width="110" valign="top"><a href="%s"><img src="%s" width="100" '
                'height="66" border="0"></a></td><td valign="top"><a href="%s" '
                'class="%s"><b>%s</b></a><br><font size="2">%s</font></td></tr>'
                % (h(s["href"]), h(s["img"]), h(s["href"]), c["card"], h(s["headline"]),
                   h(s["snippet"])))
    kicker = ('<span class="card__kicker">%s</span>' % h(pg.t.label())
              if r.random() < 0.3 else "")
    return ('<article class="%s" data-content-id="%d" data-track="card|%s">%s'
            '<div class="card__body">%s<%s class="card__title">'
            '<a href="%s">%s</a></%s>%s<div class="card__meta"><time datetime="%s">%s'
            '</time></div></div></article>'
            % (cls, r.randint(10 ** 5, 10 ** 7), h(pg.section), img, kicker, heading,
               h(s["href"]), h(s["headline"]), heading,
               '<p class="card__excerpt">%s</p>' % h(s["snippet"]) if snippet else "",
               iso(s["t"]), human_date(s["t"], pg.lang)))


def related_html(pg, c):
    r = pg.r
    cards = [pg.other_story() for _ in range(pg.n(4, 12))]
    if pg.tpl == "table":
        return ('<table width="100%%" class="%s"><tr><td colspan="2"><b>%s</b></td></tr>'
                '%s</table>' % (c["related"], h(WORDS["related"][pg.lang]),
                                "".join(card_html(pg, c, s, "") for s in cards)))
    return ('<section class="%s" aria-labelledby="related-h"><h2 id="related-h" '
            'class="section-title">%s</h2><div class="cards">%s</div></section>'
            % (c["related"], h(WORDS["related"][pg.lang]),
               "".join(card_html(pg, c, s, c["card"]) for s in cards)))


def most_read_html(pg, c):
    r = pg.r
    items = [pg.other_story() for _ in range(r.randint(5, 10))]
    if pg.tpl == "table":
        return ('<td width="200" valign="top" class="%s"><b>%s</b><br>%s</td>'
                % (c["sidebar"], h(WORDS["most_read"][pg.lang]),
                   "".join('%d. <a href="%s">%s</a><br><br>' % (i + 1, h(s["href"]),
                                                             h(s["headline"]))
                           for i, s in enumerate(items))))
    extra = ""
    if r.random() < 0.5:
        extra = ('<section class="widget widget_newsletter"><h2 class="widget-title">%s'
                 '</h2><form action="/newsletter/" method="post"><input type="email" '
                 'name="email" placeholder="you@example.com"><button>OK</button></form>'
                 '<p class="small">%s</p></section>'
                 % (h(WORDS["newsletter"][pg.lang]), h(pg.t.sentence())))
    return ('<aside id="secondary" class="%s" role="complementary"><section class="%s">'
            '<h2 class="widget-title">%s</h2><ol class="most-read__list">%s</ol>'
            '</section>%s%s</aside>'
            % (c["sidebar"], c["widget"], h(WORDS["most_read"][pg.lang]),
               "".join('<li class="most-read__item"><span class="rank">%d</span>'
                       '<a href="%s">%s</a></li>' % (i + 1, h(s["href"]), h(s["headline"]))
                       for i, s in enumerate(items)),
               extra, ad_html(pg)))


def comments_html(pg, c):
    r, t = pg.r, pg.t
    k = r.randint(3, 25)
    out = []
    for i in range(k):
        when = pg.published + r.randint(600, 10 * 86400)
        who = t.name() if r.random() < 0.7 else t.label()
        body = "".join("<p>%s</p>" % h(t.sentences(1, 4)) for _ in range(r.randint(1, 3)))
        out.append('<li id="comment-%d" class="comment %s depth-%d"><article class='
                   '"comment-body"><footer class="comment-meta"><div class="comment-author '
                   'vcard"><img alt="" src="https://secure.gravatar.com/avatar/%032x?s=48" '
                   'class="avatar" width="48" height="48"><b class="fn">%s</b></div>'
                   '<div class="comment-metadata"><a href="%s#comment-%d"><time datetime="%s">'
                   '%s</time></a></div></footer><div class="comment-content">%s</div>'
                   '<div class="reply"><a rel="nofollow" class="comment-reply-link" '
                   'href="#respond">%s</a></div></article></li>'
                   % (r.randint(1000, 99999), r.choice(["even", "odd"]), 1 + (i % 3 == 1),
                      r.getrandbits(128), h(who), h(pg.url), i, iso(when),
                      human_date(when, pg.lang), body, WORDS["reply"][pg.lang]))
    return ('<div id="comments" class="%s"><h2 class="comments-title">%d %s</h2>'
            '<ol class="comment-list">%s</ol><div id="respond" class="comment-respond">'
            '<form action="/wp-comments-post.php" method="post"><textarea name="comment" '
            'rows="6"></textarea><input name="author"><input name="email"><input '
            'type="submit" value="%s"></form></div></div>'
            % (c["comments"], k, WORDS["comments"][pg.lang], "\n".join(out),
               WORDS["reply"][pg.lang]))


def footer_html(pg, c, links):
    r = pg.r
    if pg.tpl == "table":
        return ('<table width="100%%" class="%s"><tr><td align="center"><font size="1">%s'
                '<br>&copy; 2026 %s</font></td></tr></table>'
                % (c["footer"], " | ".join('<a href="%s">%s</a>' % (h(u), h(l))
                                          for l, u in links), h(pg.sitename)))
    cols = []
    for i in range(0, 30, 10):
        cols.append('<div class="footer-col"><ul>%s</ul></div>' % "".join(
            '<li><a href="%s">%s</a></li>' % (h(u), h(l)) for l, u in links[i:i + 10]))
    return ('<footer id="colophon" class="%s" role="contentinfo"><div class="footer-inner">'
            '%s</div><div class="site-info"><p>&copy; 2026 %s. %s</p><p class="social">%s</p>'
            '</div></footer>'
            % (c["footer"], "".join(cols), h(pg.sitename), h(pg.t.sentence()),
               " ".join('<a href="https://%s.com/%s">%s</a>'
                        % (n, slugify(pg.sitename, r), svg_icon(r, n))
                        for n in ("facebook", "twitter"))))


def article_main(pg, c):
    r, t = pg.r, pg.t
    pid = str(pg.id)
    if pg.tpl == "table":
        out = ['<td valign="top" class="%s">' % c["main"],
               '<font size="1" class="section"><a href="/%s/">%s</a></font><br>'
               % (slugify(pg.section, r), h(pg.section)),
               '<font size="5" face="Georgia, Times" class="%s"><b>%s</b></font><br>'
               % (c["title"], h(pg.title)),
               '<font size="2"><i>%s</i></font><br>' % h(pg.dek),
               '<font size="1" class="%s">%s %s &middot; %s</font><br><br>'
               % (c["meta"], WORDS["by"][pg.lang], h(pg.author),
                  human_date(pg.published, pg.lang)),
               figure_html(pg, c, lead=True),
               '<div class="%s">' % c["content"], body_html(pg, c), "</div>",
               '<br><a href="javascript:window.print()">Print</a> | '
               '<a href="mailto:?subject=%s">Email</a><br><br>' % h(pg.title[:40]),
               related_html(pg, c)]
        if r.random() < 0.3:
            out.append(comments_html(pg, c))
        out.append("</td>")
        return "\n".join(out)
    acls = c["article"].replace("{id}", pid)
    out = ['<main id="main" class="%s" role="main">' % c["main"]]
    if r.random() < 0.6:
        out.append('<nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/">Home</a>'
                   ' › <a href="%s">%s</a></nav>'
                   % (h(pg.link("/" + slugify(pg.section, r) + "/")), h(pg.section)))
    out.append('<article id="post-%s" class="%s">' % (pid, acls))
    out.append('<header class="entry-header"><a class="kicker" href="/%s/">%s</a>'
               '<h1 class="%s">%s</h1><p class="dek standfirst">%s</p>%s</header>'
               % (slugify(pg.section, r), h(pg.section), c["title"], h(pg.title),
                  h(pg.dek), byline_html(pg, c)))
    out.append(share_html(pg))
    out.append(figure_html(pg, c, lead=True))
    out.append('<div class="%s">' % c["content"])
    out.append(body_html(pg, c))
    out.append("</div>")
    tags = "".join('<a href="%s" rel="tag">%s</a>' % (h(pg.link("/tag/%s/" % slugify(x, r))),
                                                      h(x))
                   for x in (t.label() for _ in range(r.randint(2, 6))))
    out.append('<footer class="entry-footer"><span class="tags-links">%s</span></footer>'
               % tags)
    if r.random() < 0.6:
        out.append('<div class="author-bio"><img src="%s/authors/%s.jpg" alt="" width="80" '
                   'height="80"><div><h3>%s</h3><p>%s</p></div></div>'
                   % (pg.origin, slugify(pg.author, r), h(pg.author), h(t.sentences(1, 2))))
    out.append("</article>")
    if r.random() < 0.4:
        out.append('<div class="newsletter-signup"><h3>%s</h3><form><input type="email">'
                   '<button>Sign up</button></form></div>' % h(WORDS["newsletter"][pg.lang]))
    out.append(related_html(pg, c))
    if r.random() < 0.2 + 0.3 * pg.f:
        out.append(comments_html(pg, c))
    out.append("</main>")
    return "\n".join(out)


def listing_main(pg, c):
    r = pg.r
    k = r.randint(20, 40)
    cards = [pg.other_story() for _ in range(k)]
    nxt = '<a class="next page-numbers" href="%s">%s</a>' % (
        h(pg.link(pg.path.rstrip("/").rsplit("/page/", 1)[0] + "/page/%d/"
                  % r.randint(2, 9))), WORDS["next"][pg.lang])
    if pg.tpl == "table":
        return ('<td valign="top" class="%s"><font size="4"><b>%s</b></font><br><br>'
                '<table width="100%%" class="%s">%s</table><br>%s</td>'
                % (c["main"], h(pg.title), c["grid"],
                   "".join(card_html(pg, c, s, "") for s in cards), nxt))
    hero = card_html(pg, c, cards[0], c["gridcard"] + " card--hero", "h2")
    rest = "".join(card_html(pg, c, s, c["gridcard"], "h3", r.random() < 0.7)
                   for s in cards[1:])
    return ('<main id="main" class="%s" role="main"><header class="page-header">'
            '<h1 class="page-title">%s</h1><div class="archive-description"><p>%s</p>'
            '</div></header><div class="hero">%s</div><div class="%s">%s</div>'
            '<nav class="pagination">%s</nav></main>'
            % (c["main"], h(pg.title), h(pg.t.sentence()), hero, c["grid"], rest, nxt))


def css_rules(pg, c, n):
    """About n bytes of a site's stylesheet, inlined as critical CSS."""
    r = pg.r
    names = [x for v in c.values() for x in v.split() if x and "{" not in x]
    names += ["card__title", "card__body", "menu-item", "sub-menu", "ad-slot",
              "share-bar", "byline", "kicker", "footer-col", "widget-title"]
    props = ["margin:0 0 %dpx", "padding:%dpx %dpx", "font-size:%drem",
             "line-height:1.%d", "color:#%03x", "background:#%06x",
             "display:flex", "gap:%dpx", "max-width:%dpx", "border-bottom:1px solid #%03x",
             "font-weight:%d00", "grid-template-columns:repeat(%d,1fr)",
             "transition:opacity .%ds ease"]
    out = []
    size = 0
    while size < n:
        sel = "." + r.choice(names)
        if r.random() < 0.4:
            sel += " " + r.choice(["a", "p", "h2", "img", "li", "." + r.choice(names)])
        if r.random() < 0.2:
            sel = "@media (min-width:%dpx){%s" % (r.choice([480, 768, 1024, 1280]), sel)
        body = ";".join(p.replace("%d", str(r.randint(1, 9)), 1).replace(
            "%03x", "%03x" % r.getrandbits(12)).replace(
            "%06x", "%06x" % r.getrandbits(24)).replace("%d", str(r.randint(1, 40)))
            for p in r.sample(props, r.randint(1, 5)))
        rule = "%s{%s}%s" % (sel, body, "}" if sel.startswith("@media") else "")
        out.append(rule)
        size += len(rule.encode("utf-8"))
    return "".join(out)


def state_script(pg, n):
    """About n bytes of inline script: hydration state and vendor snippets."""
    r, t = pg.r, pg.t
    out = []
    size = 0
    while size < n:
        x = r.random()
        if x < 0.5:
            blob = {"props": {"pageProps": {
                "id": r.randint(1, 10 ** 7), "section": pg.section,
                "items": [{"id": r.getrandbits(40), "headline": t.headline(),
                           "url": pg.origin + "/" + str(r.getrandbits(30)),
                           "excerpt": t.sentence(), "tags": [t.label()],
                           "image": {"src": pg.img_url(pg.published, "s"),
                                     "w": 640, "h": 360}}
                          for _ in range(r.randint(2, 8))]},
                "buildId": "%x" % r.getrandbits(64)}}
            s = ('<script id="__STATE_%d__" type="application/json">%s</script>'
                 % (len(out), json.dumps(blob, ensure_ascii=False).replace("</", "<\\/")))
        else:
            fns = "".join("function f%d(a,b){var c=document.querySelectorAll('.%s');"
                          "for(var i=0;i<c.length;i++){c[i].setAttribute('data-%s',"
                          "a+b*%d)}return c.length}"
                          % (r.randint(0, 9999), r.choice(["ad-slot", "card", "lazyload"]),
                             r.choice(["v", "idx", "pos"]), r.randint(1, 99))
                          for _ in range(r.randint(5, 25)))
            s = "<script>(function(w,d){%s})(window,document);</script>" % fns
        out.append(s)
        size += len(s.encode("utf-8"))
    return "\n".join(out)


def render(pg):
    r = pg.r
    c = soup_classes(r) if pg.tpl == "soup" else CLASSES[pg.tpl]
    nav = pg.nav_links()
    foot = pg.footer_links()
    parts = []
    parts.append(head(pg, c))
    bcls = c["body"].replace("{id}", str(pg.id))
    if pg.listing:
        bcls = "archive category" if pg.tpl == "wp" else bcls.replace("single", "archive")
    if pg.tpl == "table":
        parts.append('<body bgcolor="#FFFFFF" topmargin="0" leftmargin="0" '
                     'marginwidth="0" marginheight="0">')
        parts.append('<center><table width="960" border="0" cellpadding="0" '
                     'cellspacing="0" class="%s"><tr><td>' % c["wrap"])
        parts.append(header_html(pg, c, nav))
        parts.append('<table width="960" border="0" cellpadding="6" cellspacing="0">'
                     '<tr><td width="160" valign="top" class="%s" bgcolor="#EEEEEE">'
                     % c["nav"])
        parts.append(nav_html(pg, c, nav))
        parts.append("</td>")
        parts.append(listing_main(pg, c) if pg.listing else article_main(pg, c))
        parts.append(most_read_html(pg, c))
        parts.append("</tr></table>")
        parts.append(footer_html(pg, c, foot))
        parts.append("</td></tr></table></center>")
    else:
        parts.append('<body class="%s">' % bcls if bcls else "<body>")
        if pg.tpl != "wp" or r.random() < 0.5:
            parts.append(sprite(r))
        if pg.tpl == "soup":
            parts.append('<div id="__next"><div class="%s">' % c["wrap"])
        else:
            parts.append('<div id="page" class="%s">' % c["wrap"])
        parts.append(header_html(pg, c, nav))
        parts.append('<div id="content" class="site-content"><div class="container">')
        parts.append(listing_main(pg, c) if pg.listing else article_main(pg, c))
        parts.append(most_read_html(pg, c))
        parts.append("</div></div>")
        parts.append(footer_html(pg, c, foot))
        parts.append("</div>" + ("</div>" if pg.tpl == "soup" else ""))
        if r.random() < 0.5:
            parts.append('<div id="cookie-consent" class="cookie-banner" role="dialog">'
                         '<p>%s</p><button>OK</button><a href="/privacy/">Privacy</a></div>'
                         % h(pg.t.sentence()))
    parts.append("@@SCRIPTS@@")
    parts.append("</body>\n</html>\n")
    doc = "\n".join(parts)
    # Inline CSS and scripts: 20-50% of the bytes (35% on average, as in
    # the trafilatura evaluation pages), within 30-150 KB when the markup
    # allows.
    markup = len(doc.encode("utf-8"))
    share = r.uniform(0.2, 0.5)
    pad = int(markup * share / (1 - share))
    if markup + pad < 30 * 1024:
        pad = 30 * 1024 - markup
    elif markup + pad > 150 * 1024:
        pad = max(150 * 1024 - markup, markup // 9)
    css = css_rules(pg, c, int(pad * r.uniform(0.25, 0.45)))
    js = state_script(pg, pad - len(css.encode("utf-8")))
    doc = doc.replace("@@STYLE@@", "<style id=\"critical-css\">%s</style>" % css, 1)
    doc = doc.replace("@@SCRIPTS@@", js, 1)
    return doc


def main():
    ap = argparse.ArgumentParser(description="deterministic synthetic news pages")
    ap.add_argument("n", type=int)
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    if a.n < 0:
        ap.error("N must be >= 0")
    os.makedirs(a.outdir, exist_ok=True)
    lines = []
    total = 0
    listings = 0
    for i in range(a.n):
        pg = Page(a.seed, i)
        doc = render(pg).encode("utf-8")
        name = "page-%05d.html" % i
        with open(os.path.join(a.outdir, name), "wb") as fp:
            fp.write(doc)
        lines.append("%s\t%s\n" % (name, pg.url))
        total += len(doc)
        listings += pg.listing
    tmp = os.path.join(a.outdir, "MANIFEST.tmp")
    with open(tmp, "w", encoding="utf-8") as fp:
        fp.writelines(lines)
    os.replace(tmp, os.path.join(a.outdir, "MANIFEST"))
    print("%d pages (%d listings), %.1f MB, seed %d, in %s"
          % (a.n, listings, total / 1048576.0, a.seed, a.outdir), file=sys.stderr)


if __name__ == "__main__":
    main()
