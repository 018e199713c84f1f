package main

// The vocabulary is generic on purpose: most adjectives fit a film, a meal, a
// phone or a hotel alike, so one template serves every subject and the model
// sees each adjective in many contexts. Adjectives are chosen so that "a" or
// "an" follows from the first letter (no "useless", no "honest").
var words = map[string][]string{
	// Subjects: films, restaurants, gadgets, hotels, books.
	"S": {
		"film", "movie", "plot", "acting", "ending", "soundtrack",
		"food", "service", "pasta", "dessert", "meal", "restaurant", "waiter",
		"phone", "battery", "screen", "laptop", "camera", "charger",
		"hotel", "room", "bed", "breakfast", "staff", "pool",
		"book", "story", "writing", "novel",
	},
	// "good" and "bad" are the commonest words of real reviews, and the
	// held-out sentences use them; listing them three times makes their
	// close variants ("Not bad at all.") likely enough to appear.
	"P": {
		"good", "good", "good", "great", "excellent", "wonderful", "fantastic", "amazing",
		"superb", "brilliant", "lovely", "delightful", "enjoyable", "pleasant",
		"charming", "impressive", "solid", "outstanding", "perfect", "terrific",
		"marvelous", "nice", "decent", "remarkable", "splendid", "stunning",
		"awesome", "fabulous", "satisfying", "magnificent", "exceptional", "refreshing",
	},
	"N": {
		"bad", "bad", "bad", "terrible", "awful", "horrible", "dreadful", "poor",
		"disappointing", "mediocre", "weak", "lousy", "annoying", "frustrating",
		"sloppy", "tedious", "dull", "boring", "bland", "lame",
		"forgettable", "pathetic", "subpar", "unpleasant", "miserable", "clumsy",
		"overpriced", "awkward", "messy", "shoddy", "lackluster", "underwhelming",
		"slow", "noisy",
	},

	// "this" now and then; "the" twice so that it stays the common case.
	"the": {"the", "the", "this"},
	// Intensifiers; the empty one drops out when expand collapses spaces.
	"very": {"", "very", "really", "so"},

	// Contractions both ways, so "not" and "n't" are both negations to learn.
	"wasnt":    {"wasn't", "was not"},
	"isnt":     {"isn't", "is not"},
	"didnt":    {"didn't", "did not"},
	"dont":     {"don't", "do not"},
	"cant":     {"can't", "cannot"},
	"wouldnt":  {"wouldn't", "would not"},
	"couldnt":  {"couldn't", "could not"},
	"expected": {"expected", "hoped", "thought"},
	"feared":   {"feared", "expected", "thought"},
	"enjoy":    {"enjoy", "like", "love"},
	"enjoyed":  {"enjoyed", "liked", "loved", "adored"},
	"hated":    {"hated", "disliked", "regretted"},
	"money":    {"money", "price", "wait", "hype"},
	"time":     {"money", "time"},
}

// Template texts are lower case apart from "I" and carry no final
// punctuation: style adds case and punctuation, so one template yields
// several surface forms of the same words.
var templates = []template{
	// Plain: the adjective alone decides.
	{plain, positive, "{the} {S} was {very} {P}"},
	{plain, positive, "{the} {S} is {very} {P}"},
	{plain, positive, "what a {P} {S}"},
	{plain, positive, "a {P} {S} overall"},
	{plain, positive, "{P} {S}, {P2} {S2}"},
	{plain, positive, "{P} and {P2}"},
	{plain, positive, "I {enjoyed} {the} {S}"},
	{plain, positive, "the {S} was {P} and {P2}"},
	{plain, positive, "absolutely {P} {S}"},
	{plain, positive, "{the} {S} was worth the {money}"},
	{plain, positive, "highly recommend {the} {S}"},
	{plain, positive, "five stars for {the} {S}"},
	{plain, negative, "{the} {S} was {very} {N}"},
	{plain, negative, "{the} {S} is {very} {N}"},
	{plain, negative, "what a {N} {S}"},
	{plain, negative, "a {N} {S} overall"},
	{plain, negative, "{N} {S}, {N2} {S2}"},
	{plain, negative, "{N} and {N2}"},
	{plain, negative, "I {hated} {the} {S}"},
	{plain, negative, "the {S} was {N} and {N2}"},
	{plain, negative, "absolutely {N} {S}"},
	{plain, negative, "{the} {S} was a waste of {time}"},
	{plain, negative, "avoid {the} {S}"},
	{plain, negative, "one star for {the} {S}"},

	// Negated positives: a positive word under a negation reads negative.
	{negatedPos, negative, "not {P} at all"},
	{negatedPos, negative, "{the} {S} {wasnt} {very} {P}"},
	{negatedPos, negative, "{the} {S} {isnt} {P}"},
	{negatedPos, negative, "{the} {S} {wasnt} {P} or {P2}"},
	{negatedPos, negative, "I {didnt} {enjoy} {the} {S}"},
	{negatedPos, negative, "{the} {S} {wasnt} worth the {money}"},
	{negatedPos, negative, "not worth the {money}"},
	{negatedPos, negative, "never again, {the} {S} {wasnt} {P}"},
	{negatedPos, negative, "{the} {S} was never {P}"},
	{negatedPos, negative, "{the} {S} was hardly {P}"},
	{negatedPos, negative, "nothing {P} about {the} {S}"},
	{negatedPos, negative, "not a single {P} moment"},
	{negatedPos, negative, "I {cant} recommend {the} {S}"},
	{negatedPos, negative, "I {wouldnt} call {the} {S} {P}"},
	{negatedPos, negative, "{the} {S} {didnt} impress me"},
	{negatedPos, negative, "not {P}, not {P2}"},

	// Negated negatives: the mirror image, so that a negation word never
	// predicts a label by itself.
	{negatedNeg, positive, "not {N} at all"},
	{negatedNeg, positive, "{the} {S} {wasnt} {N}"},
	{negatedNeg, positive, "{the} {S} {isnt} {N}"},
	{negatedNeg, positive, "{the} {S} {wasnt} {N} or {N2}"},
	{negatedNeg, positive, "I {cant} complain"},
	{negatedNeg, positive, "I {cant} complain about {the} {S}"},
	{negatedNeg, positive, "honestly, not {N}"},
	{negatedNeg, positive, "{the} {S} was never {N}"},
	{negatedNeg, positive, "nothing {N} about {the} {S}"},
	{negatedNeg, positive, "not a single {N} moment"},
	{negatedNeg, positive, "{the} {S} {didnt} disappoint"},
	{negatedNeg, positive, "no complaints about {the} {S}"},
	{negatedNeg, positive, "I {wouldnt} call {the} {S} {N}"},
	{negatedNeg, positive, "{the} {S} {wasnt} {N} in the least"},
	{negatedNeg, positive, "not {N}, not {N2}"},

	// Comparisons and expectations: the same words with "better", "worse"
	// or an expectation that the outcome contradicts.
	{comparison, negative, "not as {P} as I {expected}"},
	{comparison, negative, "{the} {S} {wasnt} as {P} as I {expected}"},
	{comparison, negative, "worse than I {expected}"},
	{comparison, negative, "{the} {S} was worse than I {expected}"},
	{comparison, negative, "I expected {the} {S} to be {P}, but it was {N}"},
	{comparison, negative, "I expected something {P}, but {the} {S} was {N}"},
	{comparison, negative, "{the} {S} was supposed to be {P}, but it was {N}"},
	{comparison, negative, "the reviews said {P}, but {the} {S} was {N}"},
	{comparison, negative, "I have never had a worse {S}"},
	{comparison, negative, "{the} {S} {couldnt} be worse"},
	{comparison, negative, "{the} {S} {didnt} live up to the hype"},
	{comparison, negative, "{the} {S} was no better than the last one"},
	{comparison, positive, "not as {N} as I {feared}"},
	{comparison, positive, "{the} {S} {wasnt} as {N} as I {feared}"},
	{comparison, positive, "better than I {expected}"},
	{comparison, positive, "{the} {S} was better than I {expected}"},
	{comparison, positive, "I expected {the} {S} to be {N}, but it was {P}"},
	{comparison, positive, "I expected something {N}, but {the} {S} was {P}"},
	{comparison, positive, "{the} {S} was supposed to be {N}, but it was {P}"},
	{comparison, positive, "the reviews said {N}, but {the} {S} was {P}"},
	{comparison, positive, "I have never had a better {S}"},
	{comparison, positive, "{the} {S} {couldnt} be better"},
	{comparison, positive, "{the} {S} exceeded my expectations"},
	{comparison, positive, "{the} {S} was even better than the last one"},

	// Contrasts: each yields a pair with {P} and {N} swapped and the label
	// flipped, so the two rows hold the same words. Most end on the clause
	// that decides; the last three start with it, so "the last adjective
	// wins" is not a rule the model can get away with.
	{contrast, negative, "the start was {P} but the end was {N}"},
	{contrast, negative, "{the} {S} was {P} but the {S2} was {N}"},
	{contrast, negative, "{P} {S}, but the {S2} was {N}"},
	{contrast, negative, "not {P}, just {N}"},
	{contrast, negative, "{P} at first, but {N} in the end"},
	{contrast, negative, "{the} {S} looked {P} but turned out {N}"},
	{contrast, negative, "despite the {P} {S}, the {S2} was {N}"},
	{contrast, negative, "{the} {S} was {N}, although the {S2} was {P}"},
	{contrast, positive, "{the} {S} was {P}, not {N}"},
	{contrast, positive, "{P} {S}, even though the {S2} was {N}"},
}
