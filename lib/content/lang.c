/* lang.c — languages: codes, headings, the language of a text (lang.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lang.h"
#include "util.h"

enum { NLANG = 12, NHEAD = 20 };

/* The languages: code, English name, other names, right to left. */
static const struct lang {
	const char *code, *name, *names[4];
	int rtl;
} langs[NLANG] = {
	{ "en", "English",    { "Anglais", "Inglés", NULL }, 0 },
	{ "es", "Spanish",    { "Español", "Castellano", "Espanol", NULL }, 0 },
	{ "fr", "French",     { "Français", "Francais", NULL }, 0 },
	{ "de", "German",     { "Deutsch", NULL }, 0 },
	{ "pt", "Portuguese", { "Português", "Portugues", NULL }, 0 },
	{ "it", "Italian",    { "Italiano", NULL }, 0 },
	{ "nl", "Dutch",      { "Nederlands", "Flemish", "Vlaams", NULL }, 0 },
	{ "pl", "Polish",     { "Polski", NULL }, 0 },
	{ "ja", "Japanese",   { "日本語", "Nihongo", NULL }, 0 },
	{ "zh", "Chinese",    { "中文", "简体中文", "Mandarin", NULL }, 0 },
	{ "ar", "Arabic",     { "العربية", NULL }, 1 },
	{ "he", "Hebrew",     { "עברית", "Ivrit", NULL }, 1 },
};

/* The required headings of the content rules in each language, in the
 * order of langs[] (English first). */
static const char *const heads[NHEAD][NLANG] = {
	{ "Overview", "Visión general", "Vue d'ensemble", "Überblick",
	  "Visão geral", "Panoramica", "Overzicht", "Przegląd", "概要", "概述",
	  "نظرة عامة", "סקירה כללית" },
	{ "Key Concepts", "Conceptos clave", "Concepts clés",
	  "Schlüsselbegriffe", "Conceitos-chave", "Concetti chiave",
	  "Kernbegrippen", "Kluczowe pojęcia", "重要な概念", "关键概念",
	  "المفاهيم الأساسية", "מושגי מפתח" },
	{ "Summary", "Resumen", "Résumé", "Zusammenfassung", "Resumo",
	  "Riepilogo", "Samenvatting", "Podsumowanie", "まとめ", "总结",
	  "الخلاصة", "סיכום" },
	{ "Objectives", "Objetivos", "Objectifs", "Lernziele", "Objetivos",
	  "Obiettivi", "Doelen", "Cele", "目標", "目标", "الأهداف", "מטרות" },
	{ "Materials", "Materiales", "Matériel", "Materialien", "Materiais",
	  "Materiali", "Materialen", "Materiały", "材料", "材料", "المواد",
	  "חומרים" },
	{ "Procedure", "Procedimiento", "Procédure", "Durchführung",
	  "Procedimento", "Procedura", "Werkwijze", "Procedura", "手順", "步骤",
	  "الإجراء", "מהלך העבודה" },
	{ "Analysis", "Análisis", "Analyse", "Auswertung", "Análise",
	  "Analisi", "Analyse", "Analiza", "分析", "分析", "التحليل", "ניתוח" },
	{ "Key Points", "Puntos clave", "Points clés", "Kernpunkte",
	  "Pontos-chave", "Punti chiave", "Kernpunten", "Najważniejsze punkty",
	  "要点", "要点", "النقاط الرئيسية", "נקודות עיקריות" },
	{ "Key Terms", "Términos clave", "Termes clés", "Fachbegriffe",
	  "Termos-chave", "Termini chiave", "Kerntermen", "Kluczowe terminy",
	  "重要用語", "关键术语", "المصطلحات الرئيسية", "מונחי מפתח" },
	{ "Review", "Repaso", "Révision", "Wiederholung", "Revisão",
	  "Ripasso", "Herhaling", "Powtórka", "復習", "复习", "مراجعة", "חזרה" },
	{ "Introduction", "Introducción", "Introduction", "Einleitung",
	  "Introdução", "Introduzione", "Inleiding", "Wprowadzenie", "はじめに",
	  "引言", "مقدمة", "מבוא" },
	{ "Applications", "Aplicaciones", "Applications", "Anwendungen",
	  "Aplicações", "Applicazioni", "Toepassingen", "Zastosowania", "応用",
	  "应用", "التطبيقات", "יישומים" },
	{ "Discussion", "Discusión", "Discussion", "Diskussion", "Discussão",
	  "Discussione", "Discussie", "Dyskusja", "考察", "讨论", "المناقشة",
	  "דיון" },
	{ "Advanced Topics", "Temas avanzados", "Sujets avancés",
	  "Weiterführende Themen", "Tópicos avançados", "Argomenti avanzati",
	  "Verdiepende onderwerpen", "Zagadnienia zaawansowane",
	  "発展的なトピック", "进阶主题", "موضوعات متقدمة", "נושאים מתקדמים" },
	{ "Challenges", "Desafíos", "Défis", "Herausforderungen", "Desafios",
	  "Sfide", "Uitdagingen", "Wyzwania", "課題", "挑战", "التحديات",
	  "אתגרים" },
	{ "Connections", "Conexiones", "Liens", "Zusammenhänge", "Conexões",
	  "Collegamenti", "Verbanden", "Powiązania", "つながり", "联系",
	  "الروابط", "קשרים" },
	{ "Synthesis", "Síntesis", "Synthèse", "Synthese", "Síntese", "Sintesi",
	  "Synthese", "Synteza", "総合", "综合", "التركيب", "סינתזה" },
	{ "Research Question", "Pregunta de investigación",
	  "Question de recherche", "Forschungsfrage", "Pergunta de pesquisa",
	  "Domanda di ricerca", "Onderzoeksvraag", "Pytanie badawcze",
	  "研究課題", "研究问题", "سؤال البحث", "שאלת המחקר" },
	{ "Background", "Antecedentes", "Contexte", "Hintergrund", "Contexto",
	  "Contesto", "Achtergrond", "Tło", "背景", "背景", "الخلفية", "רקע" },
	{ "Method", "Método", "Méthode", "Methode", "Método", "Metodo",
	  "Methode", "Metoda", "方法", "方法", "المنهجية", "שיטה" },
};

/* The most common function words of each language in Latin script that
 * the others seldom use (words shared by several, such as "de", "a",
 * "que" or "in", are left out), in the order of langs[]. */
static const char *const stopw[8][24] = {
	{ "the", "and", "that", "with", "this", "which", "from", "they",
	  "their", "these", "are", "were", "been", "has", "have", "its", "not",
	  "but", "of", "is", "be", "it", "was", NULL },
	{ "el", "los", "las", "del", "por", "para", "una", "como", "más",
	  "pero", "sus", "este", "esta", "son", "también", "entre", "cuando",
	  "muy", "sobre", "hay", "y", "al", "lo", NULL },
	{ "le", "les", "des", "est", "une", "dans", "pour", "pas", "sur",
	  "avec", "qui", "sont", "cette", "aux", "mais", "ces", "du", "au",
	  "leur", "et", "il", "ou", "où", NULL },
	{ "der", "die", "das", "und", "ist", "nicht", "mit", "sich", "den",
	  "dem", "ein", "eine", "auch", "auf", "für", "werden", "sind", "wird",
	  "zu", "von", "im", "dass", "oder", NULL },
	{ "os", "não", "uma", "com", "dos", "das", "mais", "são", "seu", "sua",
	  "também", "pelo", "pela", "ao", "é", "em", "do", "da", "no", "na",
	  "ou", "mas", "um", NULL },
	{ "il", "che", "di", "della", "delle", "degli", "per", "sono", "non",
	  "gli", "nel", "nella", "anche", "più", "alla", "è", "del", "una",
	  "ed", "questo", "questa", "come", "si", NULL },
	{ "het", "een", "en", "van", "dat", "niet", "zijn", "voor", "met",
	  "op", "ook", "worden", "wordt", "deze", "aan", "bij", "naar", "de",
	  "is", "die", "er", "kan", "om", NULL },
	{ "się", "nie", "jest", "że", "na", "do", "jak", "są", "oraz",
	  "przez", "jego", "czy", "od", "dla", "ich", "może", "w", "z", "i",
	  "to", "po", "ale", "lub", NULL },
};

static int
idx(const char *code)
{
	int i;

	for (i = 0; code && i < NLANG; i++)
		if (!strcmp(code, langs[i].code))
			return i;
	return -1;
}

const char *
cg_lang_code(const char *l)
{
	int i, j;

	if (!l || !*l)
		return NULL;
	for (i = 0; i < NLANG; i++) {
		if (!strcasecmp(l, langs[i].name))
			return langs[i].code;
		for (j = 0; langs[i].names[j]; j++)
			if (!strcasecmp(l, langs[i].names[j]))
				return langs[i].code;
		/* "es", "es-MX", "pt_BR", "zh-Hans" */
		if (!strncasecmp(l, langs[i].code, 2) &&
		    (!l[2] || l[2] == '-' || l[2] == '_'))
			return langs[i].code;
	}
	return NULL;
}

const char *
cg_lang_name(const char *code)
{
	int i = idx(code);

	return i < 0 ? code : langs[i].name;
}

int
cg_lang_rtl(const char *code)
{
	int i = idx(code);

	return i >= 0 && langs[i].rtl;
}

const char *
cg_lang_heading(const char *code, const char *h)
{
	int i = idx(code), k;

	if (i < 0 || !h)
		return NULL;
	for (k = 0; k < NHEAD; k++)
		if (!strcasecmp(h, heads[k][0]))
			return heads[k][i];
	return NULL;
}

enum { S_LATIN, S_HAN, S_KANA, S_HANGUL, S_ARABIC, S_HEBREW, S_OTHER, NS };

static int
script(long c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7))
		return S_LATIN;
	if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF))
		return S_HAN;
	if (c >= 0x3040 && c <= 0x30FF)
		return S_KANA;
	if (c >= 0xAC00 && c <= 0xD7AF)
		return S_HANGUL;
	if ((c >= 0x600 && c <= 0x6FF) || (c >= 0x750 && c <= 0x77F))
		return S_ARABIC;
	if (c >= 0x590 && c <= 0x5FF)
		return S_HEBREW;
	return c > 0x7F && c != -1 && (c < 0x2000 || c > 0x2BFF) &&
	    (c < 0x3000 || c > 0x303F) && (c < 0xFF00 || c > 0xFFEF) ?
	    S_OTHER : -1;
}

/* text without its fenced code blocks ("```", "~~~"). */
static char *
prose(const char *text)
{
	cg_buf b = {0};
	const char *l = text, *e;
	int fence = 0;

	for (; *l; l = *e ? e + 1 : e) {
		e = strchr(l, '\n');
		if (!e)
			e = l + strlen(l);
		while (*l == ' ')
			l++;
		if (!strncmp(l, "```", 3) || !strncmp(l, "~~~", 3)) {
			fence = !fence;
			continue;
		}
		if (!fence) {
			cg_buf_add(&b, l, (size_t)(e - l));
			cg_buf_putc(&b, '\n');
		}
	}
	return cg_buf_take(&b);
}

/* The share (per mille) of the words of p that are each Latin-script
 * language's function words; returns the number of words. */
static int
profile(const char *p, int score[8])
{
	char w[32];
	int n = 0, hit[8] = {0}, i, j, k, len = 1;
	long c;

	while (*p) {
		/* one word: letters (any script's), lower-cased in ASCII */
		k = 0;
		while (*p && (len = cg_utf8_dec(p, 4, &c), c) >= 0 &&
		    script(c) >= 0) {
			for (i = 0; i < len; i++)
				if (k < (int)sizeof w - 1)
					w[k++] = (char)tolower((unsigned char)p[i]);
			p += len;
		}
		if (k) {
			w[k] = '\0';
			n++;
			for (i = 0; i < 8; i++)
				for (j = 0; stopw[i][j]; j++)
					if (!strcmp(w, stopw[i][j])) {
						hit[i]++;
						break;
					}
		} else
			p += len > 0 ? len : 1;
	}
	for (i = 0; i < 8; i++)
		score[i] = n ? 1000 * hit[i] / n : 0;
	return n;
}

const char *
cg_lang_guess(const char *text)
{
	char *p = prose(text ? text : "");
	int count[NS] = {0}, all = 0, score[8], n, i, best, second;
	const unsigned char *s;
	long c;
	const char *r = NULL;

	for (s = (const unsigned char *)p; *s; s += n)
		if ((n = cg_utf8_dec((const char *)s, 4, &c), c) >= 0 &&
		    (i = script(c)) >= 0) {
			count[i]++;
			all++;
		}
	if (all < 200)
		goto out;
	if (20 * count[S_KANA] >= all)
		r = "ja";
	else if (10 * count[S_HAN] >= 3 * all)
		r = "zh";
	else if (10 * count[S_ARABIC] >= 3 * all)
		r = "ar";
	else if (10 * count[S_HEBREW] >= 3 * all)
		r = "he";
	else if (10 * count[S_LATIN] >= 7 * all && profile(p, score) >= 60) {
		best = 0, second = -1;
		for (i = 1; i < 8; i++)
			if (score[i] > score[best])
				second = best, best = i;
			else if (second < 0 || score[i] > score[second])
				second = i;
		/* clearly: a tenth of the words, and twice the next one's */
		if (score[best] >= 100 && score[best] >= 2 * score[second])
			r = langs[best].code;
	}
out:
	free(p);
	return r;
}

int
cg_lang_mismatch(const char *text, const char *code, const char **found)
{
	const char *g;

	if (idx(code) < 0 || !(g = cg_lang_guess(text)) || !strcmp(g, code))
		return 0;
	if (found)
		*found = g;
	return 1;
}
