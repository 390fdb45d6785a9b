/* simlang.c — the languages cg-sim writes filler in (see simint.h): the
 * course language a prompt asks for, each language's words, sentence
 * templates and required headings, and UTF-8 letters and words.
 *
 * English is simtext.c's own grammar; the others here are small, plain
 * grammars of their own, so that a Spanish or Japanese demo reads as text
 * in its script.  The templates of Japanese and Chinese set words apart
 * by spaces; the text written runs them together, as models write it
 * (simtext.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"
#include "sim.h"
#include "simint.h"

#define W(a) a, NELEM(a)

/* ---- UTF-8 ------------------------------------------------------------- */

unsigned
sim_utf8(const char *s, size_t *len)
{
	long cp;

	if (!*s)
		return *len = 0, 0;
	*len = (size_t)cg_utf8_dec(s, 4, &cp);	/* NUL-ended: 4 is safe */
	return cp < 0 ? 0xFFFD : (unsigned)cp;	/* broken: no letter */
}

int
sim_script(unsigned cp)
{
	if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
		return SIM_ALPHA;
	if ((cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ||
	    (cp >= 0x370 && cp <= 0x52F) ||		/* Greek, Cyrillic */
	    (cp >= 0x5D0 && cp <= 0x5EA) ||		/* Hebrew */
	    (cp >= 0x620 && cp <= 0x65F) || (cp >= 0x671 && cp <= 0x6D3) ||
	    (cp >= 0x900 && cp <= 0xDFF) ||		/* Indic */
	    (cp >= 0xAC00 && cp <= 0xD7A3))		/* Hangul */
		return SIM_ALPHA;
	if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF))
		return SIM_HAN;
	if ((cp >= 0x30A1 && cp <= 0x30FA) || cp == 0x30FC)
		return SIM_KATA;
	if (cp >= 0x3041 && cp <= 0x3096)
		return SIM_HIRA;
	return SIM_NONE;
}

/* Lower case (ASCII and Latin-1 letters) of the letter at s, n bytes,
 * appended to b. */
void
sim_lower(cg_buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	if (n == 1 && p[0] >= 'A' && p[0] <= 'Z')
		cg_buf_putc(b, (char)(p[0] + 32));
	else if (n == 2 && p[0] == 0xC3 && p[1] >= 0x80 && p[1] <= 0x9E &&
	    p[1] != 0x97)
		cg_buf_putc(b, (char)p[0]), cg_buf_putc(b, (char)(p[1] + 32));
	else
		cg_buf_add(b, s, n);
}

/* The first letter of s in upper case, in place (ASCII and Latin-1). */
void
sim_upfirst(char *s)
{
	unsigned char *p = (unsigned char *)s;

	if (p[0] >= 'a' && p[0] <= 'z')
		p[0] = (unsigned char)(p[0] - 32);
	else if (p[0] == 0xC3 && p[1] >= 0xA0 && p[1] <= 0xBE && p[1] != 0xB7)
		p[1] = (unsigned char)(p[1] - 32);
}

/* Cut s to at most max bytes: at its last space within them when it has
 * one, else at a character boundary; never inside a UTF-8 character. */
void
sim_cut(char *s, size_t max)
{
	size_t n = strlen(s), k;

	if (n <= max)
		return;
	for (k = max; k > 0 && s[k] != ' '; k--)
		;
	if (k == 0)
		for (k = max; k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80; k--)
			;
	while (k > 0 && s[k - 1] == ' ')
		k--;
	s[k] = '\0';
}

/* ---- the languages ------------------------------------------------------ */

/* The required headings of config/content.yaml, in English; each
 * language gives them in the same order. */
static const char *const en_heads[] = {
	"Overview", "Key Concepts", "Summary", "Objectives", "Materials",
	"Procedure", "Analysis", "Key Points", "Key Terms", "Review",
	"Introduction", "Applications", "Discussion", "Advanced Topics",
	"Challenges", "Connections", "Synthesis", "Research Question",
	"Background", "Method",
};
#define NHEADS NELEM(en_heads)

/* Spanish */
static const char *const es_n[] = {
	"el sistema", "el proceso", "el modelo", "el patrón", "la estructura",
	"el método", "el principio", "la señal", "la red", "el equilibrio",
	"el enfoque", "el factor", "el mecanismo", "el ejemplo", "el marco",
	"el resultado", "la variable", "el ciclo", "el concepto", "el límite",
	"el recurso", "la estrategia", "la relación", "el cambio", "la teoría",
	"el componente", "la función",
};
static const char *const es_v[] = {
	"explicar", "conectar", "describir", "definir", "mostrar", "organizar",
	"comparar", "aplicar", "medir", "predecir",
};
static const char *const es_v3[] = {
	"explica", "conecta", "describe", "define", "muestra", "limita",
	"organiza", "refuerza", "transforma", "guía", "predice", "combina",
	"mejora", "revela",
};
static const char *const es_a[] = {
	"central", "simple", "estable", "útil", "común", "clave", "principal",
	"natural", "formal", "flexible", "esencial", "importante",
	"fundamental", "visible",
};
static const char *const es_d[] = {
	"claramente", "rápidamente", "gradualmente", "a menudo",
	"directamente", "con cuidado", "de forma natural",
};
static const char *const es_s[] = {
	"N A V N de S.", "En S, N V N A.", "Cada concepto de S V N, y N V N D.",
	"N de S V D N A.", "Este enfoque V por qué S V N A.",
	"Los estudiantes suelen B S antes de B N A.",
	"La relación entre S y N V N A.", "Con S, N se vuelve más A.",
};
static const char *const es_q[] = {
	"¿Cómo V S N A?", "¿Por qué N A V S?", "¿Qué papel tiene S en N A?",
	"¿Qué ocurre con N cuando cambia S?",
};
static const char *const es_t[] = {
	"Introducción a S", "S en la práctica", "Fundamentos de S",
	"El papel de S", "Ideas clave de S", "S paso a paso",
	"Por qué importa S", "S y su contexto",
};
static const char *const es_k[] = { "S A", "N de S" };
static const char *const es_h[NHEADS] = {
	"Visión general", "Conceptos clave", "Resumen", "Objetivos",
	"Materiales", "Procedimiento", "Análisis", "Puntos clave",
	"Términos clave", "Repaso", "Introducción", "Aplicaciones",
	"Discusión", "Temas avanzados", "Desafíos", "Conexiones", "Síntesis",
	"Pregunta de investigación", "Contexto", "Método",
};

/* French */
static const char *const fr_n[] = {
	"le système", "le processus", "le modèle", "la structure", "la méthode",
	"le principe", "le signal", "le réseau", "l’équilibre", "l’approche",
	"le facteur", "le mécanisme", "le cadre", "le résultat", "la variable",
	"le cycle", "le concept", "la limite", "la ressource", "la stratégie",
	"la relation", "le changement", "la théorie", "la fonction",
};
static const char *const fr_v[] = {
	"expliquer", "relier", "décrire", "comparer", "appliquer", "organiser",
	"mesurer", "prévoir",
};
static const char *const fr_v3[] = {
	"explique", "relie", "décrit", "définit", "montre", "limite",
	"organise", "renforce", "transforme", "guide", "prédit", "combine",
	"améliore", "révèle",
};
static const char *const fr_a[] = {
	"simple", "utile", "stable", "pratique", "moderne", "solide",
	"logique", "typique", "large", "visible", "essentielle", "claire",
};
static const char *const fr_d[] = {
	"clairement", "rapidement", "progressivement", "souvent",
	"directement", "avec soin", "naturellement",
};
static const char *const fr_s[] = {
	"N V N dans le domaine de S.", "En S, N V N A.",
	"Chaque notion de S V N, et N V N D.", "Dans S, N V D N A.",
	"Cette approche V pourquoi S V N A.",
	"Les apprenants cherchent souvent à B S avant de B N A.",
	"Le lien entre S et N V N A.", "Avec S, N devient plus A.",
};
static const char *const fr_q[] = {
	"Comment S V-t-il N A ?", "Pourquoi N A V S ?",
	"Quel rôle joue S dans N A ?", "Que devient N quand S change ?",
};
static const char *const fr_t[] = {
	"Introduction à S", "S en pratique", "Les bases de S", "Le rôle de S",
	"Idées clés de S", "Pourquoi S compte", "S pas à pas",
	"S et son contexte",
};
static const char *const fr_k[] = { "S A", "N de S" };
static const char *const fr_h[NHEADS] = {
	"Vue d’ensemble", "Notions clés", "Résumé", "Objectifs", "Matériel",
	"Déroulement", "Analyse", "Points clés", "Termes clés", "Révision",
	"Présentation", "Mises en pratique", "Débat", "Approfondissements",
	"Défis", "Liens", "Synthèse", "Question de recherche", "Contexte",
	"Méthode",
};

/* German: nouns only as subjects, adjectives only after "ist", so
 * that no ending has to agree */
static const char *const de_n[] = {
	"das System", "der Prozess", "das Modell", "das Muster", "die Struktur",
	"die Methode", "das Prinzip", "das Signal", "das Netzwerk",
	"das Gleichgewicht", "der Ansatz", "der Faktor", "der Mechanismus",
	"der Rahmen", "das Ergebnis", "die Variable", "der Zyklus",
	"das Konzept", "die Grenze", "die Ressource", "die Strategie",
	"die Beziehung", "der Wandel", "die Theorie", "die Funktion",
};
static const char *const de_v[] = {
	"erklären", "verbinden", "beschreiben", "vergleichen", "anwenden",
	"ordnen", "messen",
};
static const char *const de_v3[] = {
	"erklärt", "verbindet", "beschreibt", "zeigt", "prägt", "stützt",
	"begrenzt", "verändert", "ordnet", "verdeutlicht", "bestimmt",
};
static const char *const de_a[] = {
	"zentral", "einfach", "komplex", "stabil", "praktisch", "wichtig",
	"klar", "nützlich", "präzise", "grundlegend", "typisch", "natürlich",
};
static const char *const de_d[] = {
	"deutlich", "schnell", "allmählich", "oft", "zuverlässig", "direkt",
	"sorgfältig",
};
static const char *const de_s[] = {
	"N V S D.", "In S ist N besonders A.", "N bleibt A, und N V S.",
	"Für S ist N A, und N ist ebenso A.",
	"Lernende verstehen S oft erst, wenn N A wird.",
	"Die Verbindung zwischen S und N ist A.", "Bei S V N die Lage D.",
};
static const char *const de_q[] = {
	"Wie V N S?", "Warum ist N für S so A?",
	"Welche Rolle spielt S für N?", "Was geschieht mit N, wenn sich S ändert?",
};
static const char *const de_t[] = {
	"Einführung in S", "S in der Praxis", "Grundlagen von S",
	"Die Rolle von S", "Kernideen von S", "Warum S wichtig ist",
	"S Schritt für Schritt", "S im Zusammenhang",
};
static const char *const de_k[] = { "S", "S und N" };
static const char *const de_h[NHEADS] = {
	"Überblick", "Kernbegriffe", "Zusammenfassung", "Lernziele",
	"Materialien", "Durchführung", "Auswertung", "Kernpunkte",
	"Fachbegriffe", "Wiederholung", "Einführung", "Anwendungen",
	"Diskussion", "Weiterführende Themen", "Herausforderungen",
	"Zusammenhänge", "Synthese", "Forschungsfrage", "Hintergrund",
	"Methode",
};

/* Japanese */
static const char *const ja_n[] = {
	"仕組み", "過程", "モデル", "パターン", "構造", "方法", "原理", "信号",
	"ネットワーク", "バランス", "考え方", "要因", "枠組み", "結果", "変数",
	"周期", "概念", "境界", "資源", "特徴", "関係", "変化", "理論", "要素",
	"文脈", "機能",
};
static const char *const ja_v[] = {
	"説明する", "支える", "示す", "結びつける", "左右する", "形作る",
	"導く", "明らかにする", "制限する", "予測する", "変える", "強める",
};
static const char *const ja_a[] = {
	"重要な", "単純な", "複雑な", "安定した", "実用的な", "基本的な",
	"明確な", "自然な", "典型的な", "身近な", "新しい", "大きな",
};
static const char *const ja_d[] = {
	"はっきりと", "すばやく", "少しずつ", "しばしば", "確実に", "直接",
	"慎重に", "自然に",
};
static const char *const ja_s[] = {
	"A N は S の N を D V。", "S では、 N が A N を V。",
	"どの N も A N を V。", "S の N は A N と 深く 関係して いる。",
	"この N は、 S が A N を V 理由を 示す。",
	"学習者は まず S を 理解し、 次に A N を 学ぶ。",
	"S と N の つながりが A N を V。", "S を 通して、 N は より A ものに なる。",
};
static const char *const ja_q[] = {
	"S は どのように A N を V か？", "なぜ A N は S を V のか？",
	"S は A N の 中で どんな 役割を 果たすか？",
	"S の N が 変わると、 何が 起こるか？",
};
static const char *const ja_t[] = {
	"S と N", "S の 理解", "S の 役割", "A N", "S の 基本", "N から S へ",
	"S を 学ぶ", "S が 大切な 理由",
};
static const char *const ja_k[] = { "A S", "S の N" };
static const char *const ja_h[NHEADS] = {
	"概要", "重要な 概念", "まとめ", "目標", "材料", "手順", "分析", "要点",
	"重要 用語", "復習", "はじめに", "応用", "考察", "発展的な トピック",
	"課題", "つながり", "統合", "研究 課題", "背景", "方法",
};

/* Chinese */
static const char *const zh_n[] = {
	"系统", "过程", "模型", "模式", "结构", "方法", "原理", "信号", "网络",
	"平衡", "思路", "因素", "机制", "框架", "结果", "变量", "周期", "概念",
	"边界", "资源", "特征", "关系", "变化", "理论", "要素", "功能",
};
static const char *const zh_v[] = {
	"解释", "支持", "揭示", "连接", "影响", "塑造", "引导", "限制", "预测",
	"改变", "加强", "描述",
};
static const char *const zh_a[] = {
	"重要的", "简单的", "复杂的", "稳定的", "实用的", "基本的", "清晰的",
	"自然的", "典型的", "常见的", "新的", "关键的",
};
static const char *const zh_d[] = {
	"清楚地", "迅速地", "逐渐", "经常", "可靠地", "直接", "仔细地", "自然地",
};
static const char *const zh_s[] = {
	"A N D V S 的 N。", "在 S 中， N V 一个 A N。",
	"每个 N 都 V A N， 而 S 则 V N。", "S 的 N 与 A N 密切 相关。",
	"这个 N 说明了 S 为什么 V A N。",
	"学习者 通常 先 理解 S， 再 学习 A N。",
	"S 和 N 之间的 联系 V 了 A N。", "通过 S， N 变得 更加 清楚。",
};
static const char *const zh_q[] = {
	"S 如何 V A N？", "为什么 A N 会 V S？", "S 在 A N 中 起 什么 作用？",
	"当 S 改变时， N 会 发生 什么？",
};
static const char *const zh_t[] = {
	"S 与 N", "理解 S", "S 的 作用", "A N", "S 的 基础", "从 N 到 S",
	"学习 S", "为什么 S 很 重要",
};
static const char *const zh_k[] = { "A S", "S 的 N" };
static const char *const zh_h[NHEADS] = {
	"概述", "关键 概念", "总结", "目标", "材料", "步骤", "分析", "要点",
	"关键 术语", "复习", "引言", "应用", "讨论", "进阶 主题", "挑战", "联系",
	"综合", "研究 问题", "背景", "方法",
};

/* Arabic */
static const char *const ar_n[] = {
	"النظام", "العملية", "النموذج", "النمط", "البنية", "الطريقة", "المبدأ",
	"الإشارة", "الشبكة", "التوازن", "المنهج", "العامل", "الآلية", "الإطار",
	"النتيجة", "المتغير", "الدورة", "المفهوم", "الحدود", "المورد",
	"الاستراتيجية", "السمة", "العلاقة", "التغير", "النظرية", "المكون",
};
static const char *const ar_v[] = {
	"يشرح", "يوجه", "يربط", "يكشف", "يدعم", "يوضح", "يحدد", "يغير", "يصف",
	"يجمع", "يقارن", "يحسن",
};
static const char *const ar_a[] = {
	"الأساسي", "البسيط", "المعقد", "المستقر", "العملي", "الواضح",
	"الطبيعي", "المشترك", "الحديث", "المهم", "الدقيق", "الرئيسي",
};
static const char *const ar_d[] = {
	"بوضوح", "بسرعة", "تدريجيا", "غالبا", "بدقة", "مباشرة", "بعناية",
	"عادة",
};
static const char *const ar_s[] = {
	"V N A N في S.", "في S، V N N A.", "كل N V N A، و V S N.",
	"V N S D مع N A.", "هذا N V لماذا V S N A.",
	"غالبا ما يفهم المتعلمون S قبل N A.", "تربط S بين N و N A.",
};
static const char *const ar_q[] = {
	"كيف V S N A؟", "لماذا V N A S؟", "ما دور S في N A؟",
	"ماذا يحدث في N عندما يتغير S؟",
};
static const char *const ar_t[] = {
	"S و N", "فهم S", "دور S", "N A", "أساسيات S", "من N إلى S",
	"العمل مع S", "لماذا S مهم",
};
static const char *const ar_k[] = { "S A", "N في S" };
static const char *const ar_h[NHEADS] = {
	"نظرة عامة", "المفاهيم الأساسية", "الخلاصة", "الأهداف", "المواد",
	"الإجراءات", "التحليل", "النقاط الرئيسية", "المصطلحات الأساسية",
	"المراجعة", "المقدمة", "التطبيقات", "المناقشة", "موضوعات متقدمة",
	"التحديات", "الروابط", "التركيب", "سؤال البحث", "الخلفية", "المنهج",
};

/* Hebrew */
static const char *const he_n[] = {
	"המערכת", "התהליך", "המודל", "הדפוס", "המבנה", "השיטה", "העיקרון",
	"האות", "הרשת", "האיזון", "הגישה", "הגורם", "המנגנון", "המסגרת",
	"התוצאה", "המשתנה", "המחזור", "המושג", "הגבול", "המשאב", "התכונה",
	"הקשר", "השינוי", "התאוריה", "הרכיב",
};
static const char *const he_v[] = {
	"מסביר", "מנחה", "מקשר", "חושף", "תומך", "מבהיר", "מגביל", "מנבא",
	"משנה", "מתאר", "משלב", "משפר",
};
static const char *const he_a[] = {
	"המרכזי", "הפשוט", "המורכב", "היציב", "המעשי", "הבסיסי", "הברור",
	"הטבעי", "הנפוץ", "החשוב", "המדויק", "העיקרי",
};
static const char *const he_d[] = {
	"בבירור", "במהירות", "בהדרגה", "לעתים קרובות", "באופן ישיר", "בזהירות",
	"באופן טבעי",
};
static const char *const he_s[] = {
	"N A V את N של S.", "בתחום S, N V את N A.",
	"כל N V את N A, וגם S V את N.", "N של S V D את N A.",
	"זה N V מדוע S V את N A.", "לומדים מבינים לרוב את S לפני N A.",
	"הקשר בין S לבין N V את N A.",
};
static const char *const he_q[] = {
	"כיצד S V את N A?", "מדוע N A V את S?", "מה התפקיד של S בתוך N A?",
	"מה קורה עם N כאשר S משתנה?",
};
static const char *const he_t[] = {
	"S וגם N", "הבנת S", "התפקיד של S", "N A", "יסודות S", "מן N אל S",
	"עבודה עם S", "מדוע S חשוב",
};
static const char *const he_k[] = { "S A", "N של S" };
static const char *const he_h[NHEADS] = {
	"סקירה כללית", "מושגי מפתח", "סיכום", "מטרות", "חומרים",
	"מהלך העבודה", "ניתוח", "נקודות מפתח", "מונחי מפתח", "חזרה", "מבוא",
	"יישומים", "דיון", "נושאים מתקדמים", "אתגרים", "קשרים", "סינתזה",
	"שאלת המחקר", "רקע", "שיטה",
};

#define LANG(c, nm, cjk, caps) { nm, cjk, caps, W(c##_n), W(c##_v), c##_v3, \
	NELEM(c##_v3), W(c##_a), W(c##_d), W(c##_s), W(c##_q), W(c##_t), \
	c##_k, c##_h, c##_f }
static const char *const es_f[] = { " de el ", " del ", " a el ", " al ",
	"De el ", "Del ", NULL };
static const char *const fr_f[] = { " de le ", " du ", " à le ", " au ",
	" de les ", " des ", "De le ", "Du ", NULL };
#define de_f NULL
#define ja_f NULL
#define zh_f NULL
#define ar_f NULL
#define he_f NULL
#define ja_v3 ja_v
#define zh_v3 zh_v
#define ar_v3 ar_v
#define he_v3 he_v

static const struct sim_lang langs[] = {
	LANG(es, "Spanish\0Español\0Espanol\0es\0", 0, 0),
	LANG(fr, "French\0Français\0Francais\0fr\0", 0, 0),
	LANG(de, "German\0Deutsch\0de\0", 0, 1),
	LANG(ja, "Japanese\0日本語\0ja\0", 1, 0),
	LANG(zh, "Chinese\0Mandarin\0中文\0汉语\0zh\0", 1, 0),
	LANG(ar, "Arabic\0العربية\0ar\0", 0, 0),
	LANG(he, "Hebrew\0עברית\0he\0", 0, 0),
};

/* Does s begin with the language name nm (any case), not followed by a
 * letter?  "Spanish." and "es-ES" do, "estonian" does not. */
static int
names(const char *s, const char *nm)
{
	size_t n = strlen(nm), k;

	return strncasecmp(s, nm, n) == 0 &&
	    sim_script(sim_utf8(s + n, &k)) == SIM_NONE;
}

const struct sim_lang *
sim_lang_named(const char *s)
{
	size_t i;
	const char *nm;

	for (i = 0; s && i < NELEM(langs); i++)
		for (nm = langs[i].names; *nm; nm += strlen(nm) + 1)
			if (names(s, nm))
				return &langs[i];
	return NULL;
}

const struct sim_lang *
sim_lang_of(const char *prompt)
{
	static const char *const say[] = { "Write in ",
	    "Write all titles and text in ", "translated into ",
	    "Write the labels in " };
	const struct sim_lang *l;
	const char *p;
	size_t i;

	for (i = 0; prompt && i < NELEM(say); i++)
		for (p = prompt; (p = strstr(p, say[i])); p++)
			if ((l = sim_lang_named(p + strlen(say[i]))))
				return l;
	return NULL;
}

int
sim_lang_cjk(const struct sim_lang *l)
{
	return l && l->cjk;
}

const char *
sim_lang_heading(const struct sim_lang *l, const char *h)
{
	size_t i;

	for (i = 0; l && i < NHEADS; i++)
		if (strcasecmp(h, en_heads[i]) == 0)
			return l->heads[i];
	return NULL;
}
