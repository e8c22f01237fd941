// What a task's text asks for, read with a handful of regular expressions: the site it names, how many
// items, price/rating/time bounds, places, dates, names, files to write, and the secrets it carries
// (which are cut out before anything else reads the text). Pure and cheap: no model, no network.

import { recentMemo } from './recent.js';

export interface Bounds {
  min?: number;
  max?: number;
}

export interface TaskFacts {
  /** The task with secrets masked and emulator tags removed: everything downstream reads this. */
  text: string;
  /** Secret values given in the task (passwords, tokens): never written anywhere. */
  secrets: string[];
  /** A site the task names (lower case, without www.), or null. */
  site: string | null;
  /** A full URL the task names, or null. */
  url: string | null;
  /** Exactly how many items the task asks for, or null. */
  count: number | null;
  price: Bounds;
  rating: Bounds;
  /** Hours of the day (decimal), e.g. "before 9am" is { max: 9 }. */
  hour: Bounds;
  /** Place names after "in", "to", "from", "near", in order. */
  places: string[];
  origin: string | null;
  destination: string | null;
  /** The date phrase as written ("on June 12", "tomorrow"), and an ISO date when one can be read. */
  datePhrase: string | null;
  isoDate: string | null;
  /** A time of day the task names ("at 7pm"). */
  timePhrase: string | null;
  /** People named with capitals ("for Jane Doe", "named Ada"). */
  names: string[];
  /** A venue named with capitals after "at" ("at Nobu"). */
  venue: string | null;
  email: string | null;
  username: string | null;
  partySize: number | null;
  /** File names the task mentions, and the format an export asks for. */
  files: string[];
  exportFormat: 'csv' | 'json' | 'txt' | 'md' | null;
  /** Ordering the task asks for. */
  order: 'price' | 'rating' | 'recent' | null;
  /** A programming language the task names. */
  language: string | null;
  /** An owner/name repository the task names. */
  repo: string | null;
  /** Text the task quotes (a post to publish, a message to send). */
  quote: string | null;
  /** A few content words: what the task is about. */
  query: string;
}

const MASK = '********';
const LANGUAGES = ['TypeScript', 'JavaScript', 'Python', 'Rust', 'Go', 'Java', 'Kotlin', 'Swift', 'C++', 'C#', 'Ruby', 'PHP', 'Elixir', 'Haskell', 'Scala', 'Zig'];
const LANGUAGE = /\b(typescript|javascript|python|rust|golang|go(?= (?:repos?|repositories|projects|libraries|modules|code))|java|kotlin|swift|c\+\+|c#|ruby|php|elixir|haskell|scala|zig)(?![\w+#])/i;
const REPO = /\b(?:github\.com|gitlab\.com)\/([\w.-]+\/[\w.-]+)|(?:^|\s)([A-Za-z0-9-]{2,39}\/[A-Za-z0-9._-]{2,100})(?=[\s,.;:!?]|$)/;
const QUOTE = /["“']([^"“”']{3,200})["”']/;
const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fifteen: 15, twenty: 20, a: 1, single: 1, couple: 2, few: 3, dozen: 12,
};
const NUM = '(\\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)';
const toNumber = (word: string): number => NUMBER_WORDS[word.toLowerCase()] ?? Number(word);

const SECRET = /\b(?:password|passwd|passcode|pass|pwd|pw|pin|token|api[ _-]?key|secret|otp|2fa code|card number)\s*(?:is|=|:|of)?\s*["'`]?([^\s"'`,;]+)["'`]?/gi;
const TAG = /\[mock:[^\]]*\]/gi;
const URL_RE = /\bhttps?:\/\/[^\s"'<>)]+/i;
const DOMAIN = /\b(?:https?:\/\/)?((?:[a-z0-9-]+\.)+(?:com|org|net|io|dev|ai|co|de|uk|jp|fr|app|edu|gov|news|me|tv|us|ca))\b/i;
const EMAIL = /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/;
const COUNT_BEFORE = new RegExp(`\\b(?:top|first|last|latest|best|cheapest|list|find|show|get|give me|return|collect|extract|compare|summari[sz]e .{0,20}? in|pick|fetch|scrape|post|write)\\s+(?:the\\s+|me\\s+)?${NUM}\\b(?!\\s*(?:stars?|am|pm|%|\\$|dollars?|adults?|nights?|people|persons|guests|days?|hours?|minutes?|years?|miles|km|:))`, 'i');
const COUNT_NOUN = new RegExp(`\\b${NUM}\\s+(?:[a-z-]+\\s+){0,3}?(results|items|products|listings|options|headlines|stories|articles|posts|tweets|repos|repositories|issues|pull requests|jobs|openings|positions|flights|hotels|trains|restaurants|bullet points|points|bullets|rows|entries|links|facts|reviews|deals|places|slots|cities|companies|names|titles|books|movies|recipes|apartments|events|videos|questions|answers|papers|tools|libraries|packages|laptops|phones|pairs|models|cars|courses|podcasts|songs|albums)\\b`, 'i');
const PRICE_MAX = /\b(?:under|below|less than|cheaper than|at most|max(?:imum)?|up to|no more than|within)\s*(?:a budget of\s*)?(?:\$|usd\s*|€|£)\s?(\d[\d,]*(?:\.\d+)?)|(?:\$|€|£)\s?(\d[\d,]*(?:\.\d+)?)\s*(?:or less|max|or under|or below)/i;
const PRICE_MIN = /\b(?:over|above|more than|at least|min(?:imum)?|from)\s*(?:\$|usd\s*|€|£)\s?(\d[\d,]*(?:\.\d+)?)/i;
const PRICE_BETWEEN = /\bbetween\s*\$\s?(\d[\d,]*(?:\.\d+)?)\s*(?:and|-|to)\s*\$?\s?(\d[\d,]*(?:\.\d+)?)/i;
const RATING_MIN = /\b(?:at least|minimum(?: of)?|min|over|above|rated|with)\s*(\d(?:\.\d)?)\s*\+?\s*(?:stars?|or (?:more|higher|better|above))|\b(\d(?:\.\d)?)\s*\+\s*stars?|\b(\d(?:\.\d)?)\s*stars?\s*(?:or (?:more|higher|better|above)|and (?:up|above))/i;
const HOUR = '(\\d{1,2})(?::(\\d{2}))?\\s*(am|pm)\\b';
const BEFORE = new RegExp(`\\b(?:before|by|no later than|earlier than|until)\\s+${HOUR}`, 'i');
const AFTER = new RegExp(`\\b(?:after|from|later than|no earlier than)\\s+${HOUR}`, 'i');
const AT_TIME = new RegExp(`\\b(?:at|for)\\s+(${HOUR.replace(/\((?!\?)/g, '(?:')})`, 'i');
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const DATE_MD = new RegExp(`\\b(?:on\\s+|for\\s+)?${MONTH}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s*(20\\d\\d))?\\b`, 'i');
const DATE_DM = new RegExp(`\\b(?:on\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH}\\b(?:,?\\s*(20\\d\\d))?`, 'i');
const DATE_ISO = /\b(20\d\d)-(\d\d)-(\d\d)\b/;
const DATE_WORD = /\b(today|tonight|tomorrow(?: (?:morning|evening|night))?|this (?:weekend|week|evening|friday|saturday|sunday)|next (?:week|weekend|month|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|(?:on )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b/i;
const DATE_WORDS = new RegExp(DATE_WORD.source, 'gi');
const MONTH_WORDS = new RegExp(`\\b(?:${MONTHS.join('|')})\\b`, 'gi');
const PLACE = /\b(in|to|from|near|around|for|at)\s+((?:[A-Z][a-zA-Z'-]+|[A-Z]{3})(?:\s+(?:[A-Z][a-zA-Z'-]+))?)/g;
const PROPER = /\b(?:for|named|called|as|by|contact|name)\s+([A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+){0,2})/g;
const VENUE = /\bat\s+((?:the\s+)?[A-Z][\w'&-]*(?:\s+(?:[A-Z][\w'&-]*|&|de|la|di))*)/;
const NOT_PLACES = new Set(
  'I The A An My Our Your This That Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September October November December Today Tomorrow CSV JSON PDF Excel Google Amazon GitHub Github LinkedIn Linkedin Reddit Twitter Hacker News USD EUR Python TypeScript JavaScript Rust Go React Node Java'.split(' '),
);
const PARTY = /\b(?:for|party of|table for|group of)\s+(\d{1,2}|two|three|four|five|six|seven|eight|ten|twelve)\s*(?:people|persons|guests|adults|of us|diners)?\b(?!\s*(?:am|pm|nights?|days?|stars?|:))/i;
const USERNAME = /\b(?:username|user name|user|login|handle)\s*(?:is|=|:)?\s*["'`]?@?([A-Za-z0-9._-]{2,40})["'`]?/i;
const LOGIN_AS = /\b(?:log(?:ged)? ?in|sign(?:ed)? ?in)\b.{0,60}?\bas\s+["'`]?@?([A-Za-z0-9._@+-]{2,60})/i;
const FILE_NAME = /\b([\w-]+\.(?:csv|json|txt|md))\b/gi;
const EXPORT = /\b(?:save|export|write|download|store|put|dump|output)\b[^.]{0,60}?\b(csv|json|spreadsheet|excel|text file|txt|markdown|md|table)\b|\b(csv|json)\s+file\b|\binto (?:a )?(csv|json|spreadsheet|table)\b/i;
const STOPWORDS = new Set(
  'a an the and or to of for on in at by with from into go find get look search please then me my your our this that these those is are be it its as up out best top under over about what which who how all some any first save results result file csv json report tell give show list open visit navigate browse check using use via site website page current latest new cheapest cheap lowest highest rated rating ratings price prices stars star least most least more less than below above between per each every them their there here can could would should will just also want need i we you log sign login into onto than after before tomorrow today tonight next week weekend summary summarize summarise extract export write post book reserve compare find collect scrape fetch return only best-rated top-rated highest-rated whats wheres whos available one two three four five six seven eight nine ten'.split(' '),
);

function isoFrom(month: number, day: number, year: number | null): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return `${year ?? 2026}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const monthIndex = (word: string): number => MONTHS.findIndex((m) => m.startsWith(word.toLowerCase().slice(0, 3))) + 1;

function hourOf(h: string | undefined, m: string | undefined, ampm: string | undefined): number {
  let hour = Number(h ?? 0) % 12;
  if ((ampm ?? '').toLowerCase() === 'pm') hour += 12;
  return hour + Number(m ?? 0) / 60;
}

const money = (text: string | undefined): number | undefined => (text === undefined ? undefined : Number(text.replace(/,/g, '')));

/** Masks every secret value in `text`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length > 0) out = out.split(secret).join(MASK);
  return out;
}

export function secretsOf(task: string): string[] {
  const found: string[] = [];
  for (const m of task.matchAll(SECRET)) {
    const value = m[1] ?? '';
    // "password field", "token is required": words, not values, are left alone.
    if (value.length >= 3 && !/^(field|box|input|is|and|for|reset|manager|required|page|form|then|with|to|the)$/i.test(value)) found.push(value);
  }
  return found;
}

/** The facts of a task (shared object: do not change it), kept for recent tasks: read at dispatch (to pick its kind) and again when planned. */
export const factsOf: (task: string) => TaskFacts = recentMemo((task) => readFacts(task));

const BRACES = /\{\{([^}]*)\}\}/g;
const SPACES = /\s+/g;
// Most bounds and dates need a digit, and price bounds a currency: a text without one skips those scans.
const ANY_DIGIT = /\d/;
const ANY_CURRENCY = /[$€£]|usd/i;

function readFacts(task: string): TaskFacts {
  const secrets = secretsOf(task);
  const text = redact(task, secrets).replace(TAG, ' ').replace(BRACES, '$1').replace(SPACES, ' ').trim();
  const digits = ANY_DIGIT.test(text);
  const currency = digits && ANY_CURRENCY.test(text);
  const url = URL_RE.exec(text)?.[0]?.replace(/[.,;:!?]+$/, '') ?? null;
  const site = DOMAIN.exec(text)?.[1]?.toLowerCase().replace(/^www\./, '') ?? null;

  const countMatch = COUNT_BEFORE.exec(text) ?? COUNT_NOUN.exec(text);
  const count = countMatch?.[1] ? Math.min(50, Math.max(1, toNumber(countMatch[1]))) : null;

  const price: Bounds = {};
  const between = currency ? PRICE_BETWEEN.exec(text) : null;
  if (between) {
    price.min = money(between[1]);
    price.max = money(between[2]);
  } else {
    const max = currency ? PRICE_MAX.exec(text) : null;
    if (max) price.max = money(max[1] ?? max[2]);
    const min = currency ? PRICE_MIN.exec(text) : null;
    if (min) price.min = money(min[1]);
  }
  const ratingMatch = digits ? RATING_MIN.exec(text) : null;
  const rating: Bounds = ratingMatch ? { min: Number(ratingMatch[1] ?? ratingMatch[2] ?? ratingMatch[3]) } : {};

  const hour: Bounds = {};
  const before = digits ? BEFORE.exec(text) : null;
  if (before) hour.max = hourOf(before[1], before[2], before[3]);
  const after = digits ? AFTER.exec(text) : null;
  if (after) hour.min = hourOf(after[1], after[2], after[3]);
  const timePhrase = (digits ? AT_TIME.exec(text)?.[1] : undefined) ?? null;

  let datePhrase: string | null = null;
  let isoDate: string | null = null;
  const md = digits ? DATE_MD.exec(text) : null;
  const dm = digits ? DATE_DM.exec(text) : null;
  const iso = digits ? DATE_ISO.exec(text) : null;
  if (iso) {
    datePhrase = iso[0];
    isoDate = iso[0];
  } else if (md) {
    datePhrase = md[0].replace(/^(on|for)\s+/i, '');
    isoDate = isoFrom(monthIndex(md[1] ?? ''), Number(md[2]), md[3] ? Number(md[3]) : null);
  } else if (dm) {
    datePhrase = dm[0].replace(/^on\s+/i, '');
    isoDate = isoFrom(monthIndex(dm[2] ?? ''), Number(dm[1]), dm[3] ? Number(dm[3]) : null);
  } else {
    datePhrase = DATE_WORD.exec(text)?.[1]?.replace(/^on\s+/i, '') ?? null;
  }

  const places: string[] = [];
  let origin: string | null = null;
  let destination: string | null = null;
  for (const m of text.matchAll(PLACE)) {
    const prep = (m[1] ?? '').toLowerCase();
    const place = (m[2] ?? '').split(/\s+/).filter((w) => !NOT_PLACES.has(w)).join(' ');
    if (!place || NOT_PLACES.has(place) || /^\d/.test(place)) continue;
    if (prep === 'for' || prep === 'at') continue;
    places.push(place);
    if (prep === 'from') origin ??= place;
    if (prep === 'to') destination ??= place;
  }
  const names: string[] = [];
  for (const m of text.matchAll(PROPER)) {
    const name = m[1] ?? '';
    if (!name || NOT_PLACES.has(name) || places.includes(name) || NOT_PLACES.has(name.split(' ')[0] ?? '')) continue;
    if (!names.includes(name)) names.push(name);
  }
  const venueName = VENUE.exec(text)?.[1]?.trim() ?? null;
  const venue = venueName && !NOT_PLACES.has(venueName) && !/^(Home|Work)$/.test(venueName) ? venueName : null;
  const email = EMAIL.exec(text)?.[0] ?? null;
  const userMatch = USERNAME.exec(text.replace(EMAIL, ' '));
  const username =
    (userMatch?.[1] && !/^(name|and|with|to|account|page|profile|settings|for|in|on|as|using|my|the|a|an|at|into|details)$/i.test(userMatch[1]) ? userMatch[1] : null) ??
    LOGIN_AS.exec(text)?.[1]?.replace(/[.,;:!?]+$/, '') ??
    null;
  const partyMatch = PARTY.exec(text);
  const partySize = partyMatch?.[1] ? toNumber(partyMatch[1]) : null;

  const files = [...new Set([...text.matchAll(FILE_NAME)].map((m) => m[1] ?? '').filter(Boolean))];
  const exp = EXPORT.exec(text);
  const format = (exp?.[1] ?? exp?.[2] ?? exp?.[3] ?? '').toLowerCase();
  const fromName = files[0]?.split('.').pop()?.toLowerCase();
  const exportFormat = (fromName ?? (/csv|spreadsheet|excel|table/.test(format) ? 'csv' : format === 'json' ? 'json' : /markdown|md/.test(format) ? 'md' : format ? 'txt' : '')) || null;

  const order = /\b(cheapest|lowest price|least expensive|low to high|budget)\b/i.test(text)
    ? 'price'
    : /\b(best[- ]rated|top[- ]rated|highest[- ]rated|best reviewed|most popular|top)\b/i.test(text)
      ? 'rating'
      : /\b(latest|newest|recent|today'?s|this week)\b/i.test(text)
        ? 'recent'
        : null;

  return {
    text,
    secrets,
    site,
    url,
    count,
    price,
    rating,
    hour,
    places,
    origin,
    destination,
    datePhrase,
    isoDate,
    timePhrase,
    names,
    venue,
    email,
    username,
    partySize,
    files,
    exportFormat: exportFormat as TaskFacts['exportFormat'],
    order,
    language: languageOf(text),
    repo: repoOf(text),
    quote: QUOTE.exec(text.replace(URL_RE, ' '))?.[1]?.trim() ?? null,
    query: queryOf(text, places, names, secrets, venue, digits, currency),
  };
}

function languageOf(text: string): string | null {
  const found = LANGUAGE.exec(text)?.[1]?.toLowerCase();
  if (!found) return null;
  return found === 'golang' ? 'Go' : LANGUAGES.find((l) => l.toLowerCase() === found) ?? null;
}

function repoOf(text: string): string | null {
  const m = REPO.exec(text);
  const repo = (m?.[1] ?? m?.[2])?.replace(/\.git$/, '').replace(/[.]+$/, '');
  return repo && !/^\d/.test(repo) && !repo.includes('//') ? repo : null;
}

const EDGE_QUOTES = /^'+|'+$/g;
const DIGITS = /^\d+$/;

/** `text` without the first match of `re` (every match when global), where `possible` says it may match. */
const cut = (text: string, re: RegExp, possible: boolean): string => (possible ? text.replace(re, ' ') : text);

/** `digits`, `currency`: whether the text has any (what is cut out below only removes characters). */
function queryOf(text: string, places: readonly string[], names: readonly string[], secrets: readonly string[], venue: string | null, digits: boolean, currency: boolean): string {
  let rest = text.replace(URL_RE, ' ').replace(DOMAIN, ' ').replace(EMAIL, ' ');
  for (const p of [...places, ...names, ...secrets, ...(venue ? [venue] : [])]) rest = rest.split(p).join(' ');
  rest = cut(cut(cut(rest, PRICE_BETWEEN, currency), PRICE_MAX, currency), PRICE_MIN, currency);
  rest = cut(cut(cut(cut(rest, RATING_MIN, digits), BEFORE, digits), AFTER, digits), AT_TIME, digits);
  rest = cut(cut(cut(rest, DATE_WORDS, true), DATE_MD, digits), DATE_DM, digits);
  const words = rest
    .replace(MONTH_WORDS, ' ')
    .replace(FILE_NAME, ' ')
    .replace(/\*+/g, ' ')
    .replace(/'s\b/g, '')
    .toLowerCase()
    .split(/[^a-z0-9+#'-]+/)
    .map((w) => w.replace(EDGE_QUOTES, ''))
    .filter((w) => w.length > 1 && !STOPWORDS.has(w) && !DIGITS.test(w) && !(w in NUMBER_WORDS));
  return words.slice(0, 4).join(' ');
}
