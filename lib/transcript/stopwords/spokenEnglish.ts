/**
 * Ours, not Snowball's: words of spoken English that fill transcripts (ASR output especially) but say
 * nothing about the topic. Snowball's list is made for written text and keeps them.
 */
// prettier-ignore
export const spokenEnglish: readonly string[] = [
  'um', 'uh', 'erm', 'hmm', 'mm', 'yeah', 'yep', 'yes', 'okay', 'ok', 'oh', 'ah', 'like', 'just', 'really',
  'know', 'mean', 'think', 'gonna', 'wanna', 'gotta', 'kinda', 'sorta', 'going', 'got', 'get', 'go',
  'right', 'well', 'actually', 'basically', 'literally', 'thing', 'things', 'stuff', 'lot', 'lots',
  'also', 'even', 'still', 'maybe', 'pretty', 'much', 'say', 'said', 'says', 'let', "let's", 'see',
  'want', 'one', 'two', 'can', 'will', 'way', 'little', 'bit', 'kind', 'sort', 'guys', 'guess',
  'now', 'come', 'make', 'take', 'put', 'look', 'need', 'something', 'anything', 'everything',
  'nothing', 'someone', 'everyone', 'anyone', 'us', 'use', 'back', 'good', 'great', 'sure', 'thank',
  'thanks', 'hey', 'hi', 'hello', 'alright', 'yup', 'nah', 'whatever', 'anyway', 'today', "that's",
  "there's", "here's", "what's", "who's", "where's", "how's", "y'all", "ain't", 'dont', 'im', 'ive',
  'cool', 'awesome', 'nice', 'able', 'give', 'gives', 'giving', 'different', 'first', 'whole', 'many',
  'every', 'another', 'quick', 'real', 'probably', 'definitely', 'exactly', 'totally', 'super',
];
