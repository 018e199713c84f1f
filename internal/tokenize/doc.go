// Package tokenize turns review text into the token ids a model reads: it
// splits text into tokens, builds a vocabulary and encodes tokens as ids.
// Reading CSV files is package csvread's.
//
// # Tokens
//
// Tokenize applies these rules, identified by Version:
//
//   - Text is lower-cased with Unicode case mapping, as strings.ToLower does.
//   - Before splitting, an HTML line break (<br>, <br/>, <br />, any case, any
//     spaces after "br") becomes a space, and the entities &amp; &quot; &lt;
//     &gt; &#39; &apos; are decoded, once: "&amp;lt;" is the text "&lt;".
//     The typographic apostrophes U+2018, U+2019, U+02BC and the prime U+2032
//     become "'". Control and format characters (Unicode Cc and Cf: NUL, tab,
//     newline, zero-width space and joiner, soft hyphen) act as spaces.
//   - Invalid UTF-8 is allowed: each invalid byte reads as U+FFFD, which is a
//     token of its own like any symbol. It keeps the pieces of a mis-encoded
//     word apart ("na\xefve" gives "na", "\uFFFD", "ve") instead of gluing
//     them into a different word, and shows up in vocabulary statistics.
//   - Whitespace separates tokens.
//   - A word is a run of letters and digits, with the combining marks that
//     follow them and with apostrophes that stand between two letters or
//     digits: "o'fallon" and "rock'n'roll" are one word.
//   - English contractions are split the Penn Treebank way, so raw text and
//     corpora that are already tokenized (SST writes "was n't", "it 's",
//     "ca n't") give the same tokens and every negation shares the token
//     "n't": "wasn't" gives "was" "n't", "can't" "ca" "n't", "won't" "wo"
//     "n't", "it's" "it" "'s", and likewise "'re", "'ve", "'ll", "'d" and
//     "'m", several at a time ("shouldn't've" gives "should" "n't" "'ve").
//     Possessives split too: "director's" gives "director" "'s".
//   - "cannot" becomes "can" "not", which is how SST writes it.
//   - An apostrophe that starts "s", "re", "ve", "ll", "d" or "m" followed by
//     neither letter nor digit is that clitic ("'s" in SST's "it 's"). Any
//     other apostrophe is the token "'".
//   - These emoticons are single tokens when whitespace or the text's ends
//     surround them: :) :( :-) :-( :D :P ;) ;-) :/ :'( <3 :o (lower-cased, so
//     ":D" gives ":d"). Elsewhere their characters are punctuation.
//   - Three or more dots, or the character "…", give the token "...".
//   - Every other rune is a token of its own: punctuation, symbols, emoji
//     (a skin tone modifier is a separate token). A combining mark that
//     follows no letter or digit, such as the emoji variation selector
//     U+FE0F, is dropped.
//
// Examples: "Not bad!" gives [not bad !]; "I wasn't impressed." gives
// [i was n't impressed .]; "It's GREAT<br />really" gives
// [it 's great really].
//
// # Vocabulary
//
// A Vocab gives id PadID to PadToken and UnkID to UnkToken, then ids to the
// most frequent tokens of a corpus. Encode keeps the end of a long text.

package tokenize
