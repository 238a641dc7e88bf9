/*
 * fingerprint.h: keys and sketches of an item's text, for telling
 * which story it is (merge.c decides; store.c keeps them).  Pure
 * functions; returned strings are the caller's.
 */
#ifndef FEEDMERGE_FINGERPRINT_H
#define FEEDMERGE_FINGERPRINT_H

#include <stdint.h>

/* A title names a story with a date when it has this many words. */
#define FP_TITLE_WORDS		5
/* The words of a lead that a teaser's snippet repeats. */
#define FP_LEAD_WORDS		12
/* The SimHash reads this many words of the lead, and needs this few. */
#define FP_SIM_WORDS		120
#define FP_SIM_MIN_WORDS	25
/* Four bands of 16 bits: copies within 3 bits share one of them. */
#define FP_BANDS		4

/*
 * "council approves harbour budget|20261130": the title's words after
 * a kicker ("LIVE:", "Opinion |"), and the UTC day of published.  NULL
 * for fewer than FP_TITLE_WORDS words or no date.
 */
char	*fp_title_key(const char *title, int64_t published);

/*
 * The first FP_LEAD_WORDS words of a lead (html: an HTML body, else
 * plain text), joined by spaces; NULL when it has fewer.
 */
char	*fp_lead_key(const char *text, int html);

/*
 * SimHash of the three-word shingles of the first FP_SIM_WORDS words
 * of text into *hash: 0, or -1 when it has fewer than FP_SIM_MIN_WORDS.
 */
int	 fp_simhash(const char *text, int html, uint64_t *hash);
/* fp_lead_key() and fp_simhash() of text from one reading of it. */
void	 fp_lead_and_simhash(const char *text, int html, char **lead,
	    uint64_t *hash, int *have_hash);

/* Bits that differ between two SimHashes. */
int	 fp_distance(uint64_t, uint64_t);

/* Band 0..FP_BANDS-1 of a SimHash. */
uint32_t fp_band(uint64_t, int band);

#endif
