/*
 * test_fingerprint.c: the text keys of fingerprint.c (title and day,
 * lead, SimHash) on the shapes copies of one story take.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fingerprint.h"
#include "item.h"

#define DAY	1796083200	/* 2026-12-01T00:00:00Z */

static const char lead_html[] =
    "<p>The Harbour City Council voted 7-4 on Tuesday night to build a "
    "second protected bike lane on Quayside Road, removing 40 parking "
    "spaces between Ferry Lane and Pier 3 to make room for it.</p>\n"
    "<p>Councillor Ana Reyes, who proposed the lane, said the first one on "
    "Harbour Boulevard had cut crashes involving cyclists by a third since "
    "it opened in 2024, and that the new lane would link it to the ferry "
    "terminal. Shop owners on Quayside Road said the loss of parking would "
    "hurt their trade and asked for a trial period.</p>";

static void
check_key(char *got, const char *want)
{
	if (want == NULL)
		check(got == NULL);
	else {
		check(got != NULL);
		if (got != NULL)
			check_str_eq(got, want);
	}
	free(got);
}

static void
test_title(void)
{
	check_key(fp_title_key("Council approves second bike lane on Quayside "
	    "Road", DAY + 3600), "council approves second bike lane on "
	    "quayside road|20261201");
	/* Kickers, case and punctuation are no part of it. */
	check_key(fp_title_key("LIVE: Council approves second bike lane on "
	    "Quayside Road!", DAY + 80000), "council approves second bike "
	    "lane on quayside road|20261201");
	check_key(fp_title_key("Opinion | Council approves second bike lane",
	    DAY), "council approves second bike lane|20261201");
	/* Another day: another key. */
	check_key(fp_title_key("Council approves second bike lane on Quayside "
	    "Road", DAY + 86400), "council approves second bike lane on "
	    "quayside road|20261202");
	/* Too short to name one story, or no day. */
	check_key(fp_title_key("Weather forecast for Monday", DAY), NULL);
	check_key(fp_title_key("LIVE: Road closures this weekend", DAY), NULL);
	check_key(fp_title_key("Council approves second bike lane on Quayside "
	    "Road", DATE_NONE), NULL);
	check_key(fp_title_key(NULL, DAY), NULL);
}

static void
test_lead(void)
{
	const char	*want = "the harbour city council voted 7 4 on tuesday "
	    "night to build";

	check_key(fp_lead_key(lead_html, 1), want);
	/* A teaser's snippet: the lead cut, with an ellipsis. */
	check_key(fp_lead_key("The Harbour City Council voted 7-4 on Tuesday "
	    "night to build a second protected bike lane on Quayside "
	    "Road, removing \xe2\x80\xa6", 0), want);
	/* A wire copy's dateline, in capitals or with a credit. */
	check_key(fp_lead_key("<p>HARBOUR CITY (Coastwire) \xe2\x80\x94 The "
	    "Harbour City Council voted 7-4 on Tuesday night to build a "
	    "second lane</p>", 1), want);
	check_key(fp_lead_key("HARBOUR CITY \xe2\x80\x94 The Harbour City "
	    "Council voted 7-4 on Tuesday night to build a second lane", 0),
	    want);
	check_key(fp_lead_key("Harbour City, Nov 24 (Reuters) - The Harbour "
	    "City Council voted 7-4 on Tuesday night to build a second lane",
	    0), want);
	/* A dash in an ordinary sentence is no dateline. */
	check_key(fp_lead_key("The council - which met on Tuesday night - "
	    "voted to build a second protected bike lane", 0), "the council "
	    "which met on tuesday night voted to build a second");
	check_key(fp_lead_key("Ana Reyes - who proposed the lane - said the "
	    "first one had cut crashes by a third", 0), "ana reyes who "
	    "proposed the lane said the first one had cut");
	/* Fewer words than a key needs. */
	check_key(fp_lead_key("Council votes for a bike lane.", 0), NULL);
	check_key(fp_lead_key(NULL, 0), NULL);
}

static void
test_simhash(void)
{
	uint64_t	 a, b, c, d;
	char		*copy;
	size_t		 n;

	check(fp_simhash(lead_html, 1, &a) == 0);
	/* The same words as plain text, or with other markup: the same. */
	check(fp_simhash("The Harbour City Council voted 7-4 on Tuesday night "
	    "to build a second protected bike lane on Quayside Road, removing "
	    "40 parking spaces between Ferry Lane and Pier 3 to make room for "
	    "it. Councillor Ana Reyes, who proposed the lane, said the first "
	    "one on Harbour Boulevard had cut crashes involving cyclists by a "
	    "third since it opened in 2024, and that the new lane would link "
	    "it to the ferry terminal. Shop owners on Quayside Road said the "
	    "loss of parking would hurt their trade and asked for a trial "
	    "period.", 0, &b) == 0);
	check(fp_distance(a, b) == 0);
	/* A copy under a dateline: near, found through a band. */
	n = strlen(lead_html) + 64;
	copy = malloc(n);
	check(copy != NULL);
	if (copy == NULL)
		return;
	strcpy(copy, "<p>HARBOUR CITY (Coastwire) \xe2\x80\x94 ");
	strcat(copy, lead_html + 3);
	check(fp_simhash(copy, 1, &c) == 0);
	check(fp_distance(a, c) <= 3);
	check(fp_band(a, 0) == fp_band(c, 0) || fp_band(a, 1) ==
	    fp_band(c, 1) || fp_band(a, 2) == fp_band(c, 2) ||
	    fp_band(a, 3) == fp_band(c, 3));
	free(copy);
	/* Another story: far. */
	check(fp_simhash("A fuel spill closed Runway 2 at Harbour City "
	    "International Airport for three hours on Thursday morning after "
	    "a tanker's hose split while it was refuelling a cargo jet, the "
	    "airport said. Fire crews spread foam over about 400 litres of jet "
	    "fuel and flights were diverted to Runway 1.", 0, &d) == 0);
	check(fp_distance(a, d) > 10);
	/* Too little text to say. */
	check(fp_simhash("Council votes for a bike lane on Quayside Road.", 0,
	    &d) == -1);
	check(fp_band(0x1234567890abcdefULL, 0) == 0xcdef);
	check(fp_band(0x1234567890abcdefULL, 3) == 0x1234);
}

int
main(void)
{
	test_title();
	test_lead();
	test_simhash();
	return check_done();
}
