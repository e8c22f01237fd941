// Thirty-odd tasks of every kind, planned directly: each run must read like its task.
import t from 'tap';
import { planTask } from '../../src/simulation/planner.js';
import type { TaskCase } from './check.js';
import { checkCase, inputFor } from './check.js';

const CASES: TaskCase[] = [
  // Shopping and price comparison.
  { task: 'Find the best-rated wireless mouse under $50 on amazon.com', kind: 'shopping', site: 'amazon.com', priceMax: 50, entities: ['Wireless Mouse'] },
  { task: 'Compare prices for noise cancelling headphones on bestbuy.com and list the 3 cheapest with at least 4 stars', kind: 'shopping', site: 'bestbuy.com', count: 3, ratingMin: 4 },
  { task: 'Show me 5 standing desks between $200 and $400 on walmart.com', kind: 'shopping', site: 'walmart.com', count: 5, priceMin: 200, priceMax: 400 },
  { task: 'Buy a USB-C charger on Amazon for less than $25', kind: 'shopping', site: 'amazon.com', priceMax: 25 },
  // Fact lookup.
  { task: 'What is the population of Tokyo according to Wikipedia?', kind: 'facts', site: 'en.wikipedia.org', entities: ['Tokyo'] },
  { task: 'Who founded the company Patagonia and when was it founded?', kind: 'facts', site: 'en.wikipedia.org', entities: ['Patagonia'] },
  // News.
  { task: 'Get the top 5 headlines on Hacker News today', kind: 'news', site: 'news.ycombinator.com', count: 5 },
  { task: 'Find the latest 3 news articles about electric cars on reuters.com', kind: 'news', site: 'reuters.com', count: 3, entities: ['electric cars'] },
  // Weather.
  { task: 'Search for the weather in Paris and report the temperature', kind: 'weather', site: 'weather.com', entities: ['Paris', '°C'] },
  { task: 'What will the weather be in Chicago on March 3 according to accuweather.com?', kind: 'weather', site: 'accuweather.com', entities: ['Chicago', 'March 3'] },
  // Travel.
  { task: 'Find flights from Berlin to Lisbon on June 12 departing before 9am under $300', kind: 'flights', site: 'google.com', hourBefore: 9, priceMax: 300, entities: ['Berlin', 'Lisbon', 'June 12'] },
  { task: 'Search kayak.com for 4 one-way flights from New York to Miami on 2026-08-14', kind: 'flights', site: 'kayak.com', count: 4, entities: ['New York', 'Miami', '2026-08-14'] },
  { task: 'Find hotels in Rome for May 3 under $150 per night with at least 4.5 stars on booking.com', kind: 'hotels', site: 'booking.com', priceMax: 150, ratingMin: 4.5, entities: ['Rome', 'May 3'] },
  { task: 'Look up train times from Paris to Lyon on Friday after 6pm and list 3 options', kind: 'trains', site: 'thetrainline.com', count: 3, entities: ['Paris', 'Lyon', 'Friday'] },
  // Code hosting.
  { task: 'Open github.com and list the trending TypeScript repositories', kind: 'code', site: 'github.com', entities: ['TypeScript'] },
  { task: 'Find 3 popular Rust web frameworks on GitHub', kind: 'code', site: 'github.com', count: 3, entities: ['Rust'] },
  { task: 'List the 4 most recent open issues in github.com/facebook/react labeled bug', kind: 'issues', site: 'github.com', count: 4, entities: ['facebook/react'] },
  // Forms and sign-up.
  { task: 'Sign up for the newsletter on substack.com with the name Ada Lovelace and email ada@lovelace.dev', kind: 'forms', site: 'substack.com', entities: ['Ada Lovelace', 'ada@lovelace.dev'] },
  { task: 'Fill out the contact form on acme-corp.com as John Smith, email john.smith@example.org', kind: 'forms', site: 'acme-corp.com', entities: ['John Smith', 'john.smith@example.org'] },
  // Login.
  { task: 'Log in to github.com with username octo-dev and password Hunter2Secret! and check my notifications', kind: 'login', site: 'github.com', entities: ['octo-dev'], secrets: ['Hunter2Secret!'] },
  { task: 'Sign in to my account on netflix.com using email maya@fastmail.com and password: s3cr3t-pa55 then tell me what plan I am on', kind: 'login', site: 'netflix.com', entities: ['maya@fastmail.com'], secrets: ['s3cr3t-pa55'] },
  // Data extraction.
  { task: 'Extract the table of the 10 largest companies by revenue from https://en.wikipedia.org/wiki/List_of_largest_companies_by_revenue', kind: 'extract', site: 'en.wikipedia.org', count: 10 },
  { task: 'Scrape all products under $20 from shop.example.com into a CSV', kind: 'shopping', site: 'shop.example.com', priceMax: 20 },
  // Jobs.
  { task: 'Find 5 remote senior frontend developer jobs in Berlin on LinkedIn', kind: 'jobs', site: 'linkedin.com', count: 5, entities: ['Berlin', 'Frontend Developer'] },
  { task: 'Search indeed.com for data analyst openings in Austin', kind: 'jobs', site: 'indeed.com', entities: ['Austin', 'Data Analyst'] },
  // Social posting.
  { task: 'Post "We just shipped dark mode!" on x.com', kind: 'social', site: 'x.com', entities: ['We just shipped dark mode!'] },
  { task: 'Share a post on linkedin.com saying "Hiring two backend engineers in Lisbon"', kind: 'social', site: 'linkedin.com', entities: ['Hiring two backend engineers in Lisbon'] },
  // Bookings.
  { task: 'Book a table for 4 at Nobu on Friday at 7pm for Jane Doe', kind: 'restaurants', site: 'opentable.com', entities: ['Nobu', 'Friday', '7pm', 'Jane Doe', 'for 4'] },
  { task: 'Reserve a dinner table for two at Osteria Francescana on resy.com for June 20', kind: 'restaurants', site: 'resy.com', entities: ['Osteria Francescana', 'June 20', 'for 2'] },
  { task: 'Schedule a dentist appointment in Denver next week before 10am on zocdoc.com', kind: 'appointments', site: 'zocdoc.com', hourBefore: 10, entities: ['Denver'] },
  { task: 'Find 3 available haircut slots at booksy.com in Madrid after 2pm', kind: 'appointments', site: 'booksy.com', count: 3, entities: ['Madrid'] },
  // Reading or summarising a URL.
  { task: 'Summarize https://blog.example.org/posts/why-we-moved-to-postgres in 3 bullet points', kind: 'summarize', site: 'blog.example.org', count: 3, entities: ['Why We Moved To Postgres', 'https://blog.example.org/posts/why-we-moved-to-postgres'] },
  { task: 'Read https://martinfowler.com/articles/microservices.html and give me the key points', kind: 'summarize', site: 'martinfowler.com', entities: ['Microservices'] },
  // Generic fallback.
  { task: 'How do I repot an orchid without damaging the roots', kind: 'generic', site: 'google.com', entities: ['orchid'] },
  { task: 'Research sourdough starter hydration ratios', kind: 'generic', site: 'google.com', entities: ['sourdough'] },
];

t.test(`${CASES.length} tasks read like their task`, async (t) => {
  t.ok(CASES.length >= 30);
  for (const c of CASES) await t.test(c.task, async (t) => void checkCase(t, c));
});

t.test('different tasks of one kind give different answers', async (t) => {
  const outputs = new Set(CASES.map((c) => JSON.stringify(planTask(inputFor(c.task)).ending)));
  t.equal(outputs.size, CASES.length);
});

t.test('the answer of the issue examples: no shopping run for code or weather', async (t) => {
  const code = planTask(inputFor('Open github.com and list the trending TypeScript repositories'));
  t.notMatch(String(code.ending.kind === 'success' && code.ending.output), /\$\d|In stock|best match/);
  const weather = planTask(inputFor('Search for the weather in Paris and report the temperature'));
  t.notMatch(String(weather.ending.kind === 'success' && weather.ending.output), /\$\d|stars/);
  t.match(String(weather.ending.kind === 'success' && weather.ending.output), /high -?\d+°C, low -?\d+°C/);
});
