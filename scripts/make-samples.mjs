// Generates the bundled sample datasets in resources/samples/: a realistic MSP for each built-in
// platform, plus a small vendor-style Huntress export that exercises header and delimiter detection.
//
//   node scripts/make-samples.mjs
//
// Plain Node, no dependencies. Every dataset has its own seeded PRNG, so the output is byte-for-byte
// stable and a change to one dataset does not reshuffle the others. The "interesting cases" that
// resources/samples/README.md, docs and tests point at are written by hand below (fixed emails and
// paths); only the filler around them is drawn from the PRNG. If you change this script, re-run it and
// update the counts and answers in resources/samples/README.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'samples');

// ---------------------------------------------------------------------------------------------------
// Deterministic helpers

/** mulberry32: small, fast, good enough for sample data. */
function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = (arr) => arr[Math.floor(next() * arr.length)];
  const chance = (p) => next() < p;
  /** Weighted pick from [[value, weight], ...]. */
  const weighted = (pairs) => {
    const total = pairs.reduce((s, [, w]) => s + w, 0);
    let r = next() * total;
    for (const [v, w] of pairs) {
      if ((r -= w) < 0) return v;
    }
    return pairs[pairs.length - 1][0];
  };
  const shuffle = (arr) => {
    const out = [...arr];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };
  const sample = (arr, n) => shuffle(arr).slice(0, n);
  return { next, int, pick, chance, weighted, shuffle, sample };
}

const DAY = 86400000;
const toIso = (ms) => new Date(ms).toISOString().slice(0, 10);
const fromIso = (iso) => Date.parse(`${iso}T00:00:00Z`);

/** A date between `from` and `to` (inclusive, ISO dates). */
function dateBetween(rng, from, to) {
  const a = fromIso(from);
  const b = fromIso(to);
  return toIso(a + rng.int(0, Math.round((b - a) / DAY)) * DAY);
}

// Every date in the samples lies in this window.
const FIRST_DATE = '2025-06-01';
const LAST_DATE = '2026-11-20';

/**
 * Status, last login and MFA for a generated person. Most are active and logged in recently; a few
 * are invited (never logged in) or suspended (last seen a while ago).
 */
function account(rng, { mfaRate = 0.8, suspendedRate = 0.04, invitedRate = 0.06 } = {}) {
  const r = rng.next();
  if (r < suspendedRate) {
    return { status: 'suspended', lastLogin: dateBetween(rng, FIRST_DATE, '2026-04-30'), mfa: rng.chance(mfaRate * 0.7) };
  }
  if (r < suspendedRate + invitedRate) return { status: 'invited', lastLogin: 'never', mfa: false };
  const recent = rng.chance(0.8);
  return {
    status: 'active',
    lastLogin: recent ? dateBetween(rng, '2026-08-01', LAST_DATE) : dateBetween(rng, FIRST_DATE, '2026-07-31'),
    mfa: rng.chance(mfaRate),
  };
}

// ---------------------------------------------------------------------------------------------------
// Names. Grouped by culture so a generated person has a plausible first/last pair.

const CULTURES = [
  // English / Irish / Scottish
  [
    [
      'James',
      'Olivia',
      'Ethan',
      'Charlotte',
      'Harriet',
      'Samuel',
      'Chloe',
      'Patrick',
      'Lucy',
      'Rebecca',
      'Connor',
      'Siobhan',
      'Callum',
      'Eilidh',
      'Megan',
      'Gareth',
    ],
    [
      'Thompson',
      'Clarke',
      'Walsh',
      'Fletcher',
      'Harrington',
      'Bennett',
      'Gallagher',
      'Murray',
      'Ashworth',
      'Pryce',
      'Whitaker',
      'Sinclair',
      'Hughes',
      'Barker',
      'Kerr',
    ],
  ],
  // Spanish / Latin American
  [
    ['José', 'María', 'Lucía', 'Diego', 'Camila', 'Alejandro', 'Valentina', 'Joaquín', 'Ximena', 'Andrés', 'Paola', 'Rodrigo'],
    ['García', 'Fernández', 'Rojas', 'Morales', 'Castillo', 'Núñez', 'Vargas', 'Ortega', 'Peña', 'Salazar', 'Mendoza'],
  ],
  // German / Nordic
  [
    ['Lukas', 'Anna', 'Leonie', 'Felix', 'Greta', 'Søren', 'Ingrid', 'Magnus', 'Freja', 'Astrid', 'Björn', 'Katrin'],
    ['Müller', 'Schneider', 'Wagner', 'Lindqvist', 'Andersen', 'Nyberg', 'Berg', 'Krause', 'Vogel', 'Østergaard', 'Holm'],
  ],
  // Central / Eastern European
  [
    ['Łukasz', 'Katarzyna', 'Piotr', 'Agnieszka', 'Milan', 'Jana', 'Dmytro', 'Oksana', 'Tomasz', 'Zsófia', 'Marek'],
    ['Nowak', 'Horváth', 'Petrenko', 'Kovač', 'Marić', 'Babić', 'Shevchenko', 'Bondarenko', 'Dvořák', 'Szabó'],
  ],
  // West African
  [
    ['Chidi', 'Ngozi', 'Kwabena', 'Ama', 'Tunde', 'Yetunde', 'Kofi', 'Adaeze', 'Emeka', 'Abena', 'Folake'],
    ['Adebayo', 'Boateng', 'Eze', 'Asante', 'Balogun', 'Owusu', 'Okeke', 'Danso', 'Obi', 'Agyeman'],
  ],
  // South Asian
  [
    ['Arjun', 'Kavya', 'Vikram', 'Meera', 'Sanjay', 'Aisha', 'Imran', 'Nikhil', 'Deepa', 'Rohan', 'Sunita', 'Farhan'],
    ['Sharma', 'Patel', 'Reddy', 'Nair', 'Kapoor', 'Chaudhry', 'Menon', 'Bose', 'Qureshi', 'Desai', 'Pillai'],
  ],
  // Japanese
  [
    ['Haruto', 'Yuki', 'Sakura', 'Kenji', 'Takumi', 'Emi', 'Daichi', 'Naoko', 'Ren'],
    ['Suzuki', 'Watanabe', 'Yamamoto', 'Kobayashi', 'Sato', 'Ishikawa', 'Fujita', 'Mori'],
  ],
  // Chinese
  [
    ['Wei', 'Jia', 'Xin', 'Hao', 'Lina', 'Jun', 'Yan', 'Bo', 'Ming'],
    ['Chen', 'Liu', 'Zhang', 'Wang', 'Huang', 'Zhou', 'Lin', 'Xu', 'Guo'],
  ],
  // Korean
  [
    ['Min-jun', 'Seo-yeon', 'Ji-ho', 'Hana', 'Eun-ji', 'Dong-hyun', 'Soo-ah'],
    ['Kim', 'Park', 'Choi', 'Jung', 'Kang', 'Yoon', 'Han'],
  ],
  // Vietnamese
  [
    ['Linh', 'Minh', 'Thu', 'Quang', 'Anh', 'Bảo', 'Hương'],
    ['Nguyễn', 'Trần', 'Phạm', 'Lê', 'Võ', 'Đặng'],
  ],
  // French
  [
    ['Camille', 'Louis', 'Chloé', 'Mathieu', 'Élodie', 'Antoine', 'Margaux', 'Julien', 'Inès'],
    ['Lefèvre', 'Girard', 'Rousseau', 'Bernard', 'Fontaine', 'Mercier', 'Laurent', 'Chevalier'],
  ],
  // Italian
  [
    ['Giulia', 'Marco', 'Francesca', 'Luca', 'Chiara', 'Matteo', 'Alessia', 'Davide'],
    ['Bianchi', 'Romano', 'Conti', 'Esposito', 'Ricci', 'Marino', 'Greco', 'Gallo'],
  ],
  // Middle Eastern / Turkish
  [
    ['Omar', 'Layla', 'Yusuf', 'Zeynep', 'Emre', 'Ayşe', 'Karim', 'Nour', 'Farah', 'Hassan'],
    ['Khalil', 'Demir', 'Yılmaz', 'Aydın', 'Mansour', 'Saleh', 'Nasser', 'Rahimi', 'Farouk', 'Özkan'],
  ],
  // Portuguese / Brazilian
  [
    ['João', 'Beatriz', 'Rafael', 'Larissa', 'Thiago', 'Mariana', 'Gonçalo', 'Inês'],
    ['Silva', 'Oliveira', 'Costa', 'Almeida', 'Carvalho', 'Ribeiro', 'Pereira', 'Sousa'],
  ],
];

const FOLD = { ł: 'l', Ł: 'L', ø: 'o', Ø: 'O', ß: 'ss', æ: 'ae', Æ: 'AE', đ: 'd', Đ: 'D', ı: 'i' };

/** Lowercase ASCII local-part fragment of a name: diacritics dropped, apostrophes and spaces removed. */
function slug(s) {
  return s
    .replace(/[łŁøØßæÆđĐı]/g, (c) => FOLD[c])
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '');
}

/** The email styles a company may use. Each domain sticks to one. */
const EMAIL_STYLES = {
  'first.last': (f, l) => `${slug(f)}.${slug(l)}`,
  flast: (f, l) => `${slug(f)[0]}${slug(l)}`,
  'first.l': (f, l) => `${slug(f)}.${slug(l)[0]}`,
  first_last: (f, l) => `${slug(f)}_${slug(l)}`,
};

/**
 * Hands out people with unique names and emails within one dataset. Fixed people (the README cases)
 * are registered first so the filler never collides with them.
 */
class People {
  constructor(rng) {
    this.rng = rng;
    this.byEmail = new Map();
    this.names = new Set();
    this.lastNames = new Set();
  }

  fixed(email, name, status, lastLogin, mfa) {
    if (this.byEmail.has(email)) throw new Error(`duplicate person ${email}`);
    if (this.names.has(name)) throw new Error(`duplicate name ${name}`);
    const p = { email, name, status, lastLogin, mfa };
    this.byEmail.set(email, p);
    this.names.add(name);
    return p;
  }

  /** A new random person at `domain`; `style` is a key of EMAIL_STYLES. */
  make(domain, style = 'first.last', accountOptions = {}) {
    for (let attempt = 0; attempt < 500; attempt++) {
      const [firsts, lasts] = this.rng.pick(CULTURES);
      const first = this.rng.pick(firsts);
      const last = this.rng.pick(lasts);
      const name = `${first} ${last}`;
      const email = `${EMAIL_STYLES[style](first, last)}@${domain}`;
      if (this.names.has(name) || this.byEmail.has(email)) continue;
      const a = account(this.rng, accountOptions);
      return this.fixed(email, name, a.status, a.lastLogin, a.mfa);
    }
    throw new Error(`could not find a fresh name at ${domain}`);
  }
}

// ---------------------------------------------------------------------------------------------------
// Rows and CSV

/**
 * Collects role assignments for one dataset: `path` is the list of scope names from the root; the role
 * is assigned at the deepest one. Checks that each (person, node, role) appears once and that every
 * role is one the platform knows at that level.
 */
class Rows {
  constructor(levels, rolesByLevel) {
    this.levels = levels;
    this.rolesByLevel = rolesByLevel;
    this.rows = [];
    this.keys = new Set();
  }

  add(person, role, path) {
    const level = this.levels[path.length - 1];
    if (!this.rolesByLevel[level].includes(role)) throw new Error(`role ${role} is not a ${level}-level role`);
    const key = `${person.email}|${path.join('/')}|${role.toLowerCase()}`;
    if (this.keys.has(key)) throw new Error(`duplicate assignment ${key}`);
    this.keys.add(key);
    this.rows.push({ person, role, path });
  }

  has(person, path) {
    const at = path.join('/');
    return this.rows.some((r) => r.person === person && r.path.join('/') === at);
  }

  /** Rows grouped by tenant (in the given order of node paths), then by role rank, then by email. */
  sorted(nodeOrder) {
    const rank = new Map(nodeOrder.map((p, i) => [p, i]));
    const roleRank = (r) => this.rolesByLevel[this.levels[r.path.length - 1]].indexOf(r.role);
    return [...this.rows].sort(
      (a, b) =>
        rank.get(a.path.join('/')) - rank.get(b.path.join('/')) ||
        roleRank(a) - roleRank(b) ||
        (a.person.email < b.person.email ? -1 : a.person.email > b.person.email ? 1 : 0),
    );
  }
}

function csvField(value, delimiter = ',') {
  const s = String(value);
  return s.includes(delimiter) || s.includes('"') || s.includes('\n') || s.includes('\r') ? `"${s.replace(/"/g, '""')}"` : s;
}

function canonicalCsv(levels, rows) {
  const header = ['email', 'name', 'role', ...levels, 'status', 'last_login', 'mfa'];
  const lines = [header.join(',')];
  for (const { person, role, path } of rows) {
    const scopes = levels.map((_, i) => path[i] ?? '');
    const cells = [person.email, person.name, role, ...scopes, person.status, person.lastLogin, String(person.mfa)];
    lines.push(cells.map((c) => csvField(c)).join(','));
  }
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------
// 1. Huntress: one MSP account, ~34 customer organizations.

function huntress() {
  const rng = prng(0x48554e54); // "HUNT"
  const people = new People(rng);
  const levels = ['account', 'organization'];
  const rows = new Rows(levels, {
    account: ['Admin', 'User', 'Finance', 'Marketing', 'Read-Only'],
    organization: ['Admin', 'User', 'Read-Only'],
  });
  const ACCOUNT = 'Northwind MSP';
  const MSP = 'northwind-msp.example';

  // [organization name, customer email domain, email style]
  const orgs = [
    ['Bayside Dental', 'bayside-dental.example', 'first.last'],
    ['Harbor Law Group', 'harborlaw.example', 'flast'],
    ['Cedar Valley Family Practice', 'cedarvalleyfp.example', 'first.last'],
    ['Ironbridge Manufacturing', 'ironbridge-mfg.example', 'first.last'],
    ['Pinecrest Veterinary Hospital', 'pinecrestvet.example', 'first.l'],
    ['Lumen Architecture Studio', 'lumen-arch.example', 'first.last'],
    ['Okafor, Mensah & Partners', 'okafor-mensah.example', 'flast'],
    ['Redfern Logistics', 'redfern-logistics.example', 'first.last'],
    ["St. Brigid's Academy", 'stbrigids.example', 'flast'],
    ['Marlowe Realty', 'marlowe-realty.example', 'first.last'],
    ['Brightwater Credit Union', 'brightwater-cu.example', 'first.last'],
    ['Kessler Precision Tooling', 'kessler-tooling.example', 'flast'],
    ['Sunnyside Pediatrics', 'sunnyside-peds.example', 'first.last'],
    ['Alder & Finch LLP', 'alderfinch.example', 'first.last'],
    ['Tidewater Marine Supply', 'tidewater-marine.example', 'first_last'],
    ['Greenleaf Organic Foods', 'greenleaf-foods.example', 'first.last'],
    ['Summit Orthopedics', 'summit-ortho.example', 'first.last'],
    ['Vantage Insurance Brokers', 'vantage-ib.example', 'flast'],
    ['Copperline Electric', 'copperline.example', 'first.last'],
    ['Meadowbrook Senior Living', 'meadowbrook-living.example', 'first.last'],
    ['Northgate Auto Group', 'northgate-auto.example', 'flast'],
    ['Halvorsen Engineering', 'halvorsen-eng.example', 'first.last'],
    ['Blue Heron Hotel', 'blueheronhotel.example', 'first.l'],
    ['Crescent City Chiropractic', 'crescentchiro.example', 'first.last'],
    ['Fairhaven Public Library', 'fairhaven-library.example', 'first.last'],
    ['Quarry Hill Brewing', 'quarryhill.example', 'first.last'],
    ['Rosewood Dental Arts', 'rosewood-dental.example', 'first.last'],
    ['Silverline Plastics', 'silverline-plastics.example', 'flast'],
    ['Tanaka Import Export', 'tanaka-ie.example', 'first.last'],
    ['Westbrook Wealth Management', 'westbrook-wm.example', 'first.last'],
    ['Yellowpine Construction', 'yellowpine.example', 'first_last'],
    ['Zenith Biotech Labs', 'zenith-bio.example', 'first.last'],
    ['Elmstead Orthodontics', 'elmstead-ortho.example', 'first.last'],
    ['Valdez Family Law', 'valdezlaw.example', 'flast'],
  ];
  const orgPath = (name) => [ACCOUNT, name];
  const fx = (...a) => people.fixed(...a);

  // --- MSP staff with account-level roles (fixed: the README points at them).
  const elena = fx(`elena.vasquez@${MSP}`, 'Elena Vasquez', 'active', '2026-11-19', true);
  const daniel = fx(`daniel.okonkwo@${MSP}`, 'Daniel Okonkwo', 'active', '2026-11-12', false); // Admin without MFA
  const marcus = fx(`marcus.webb@${MSP}`, 'Marcus Webb', 'suspended', '2025-09-14', true); // left, still Admin
  rows.add(elena, 'Admin', [ACCOUNT]);
  rows.add(daniel, 'Admin', [ACCOUNT]);
  rows.add(marcus, 'Admin', [ACCOUNT]);

  const sofia = fx(`sofia.lindqvist@${MSP}`, 'Sofia Lindqvist', 'active', '2026-11-18', true);
  const rahul = fx(`rahul.mehta@${MSP}`, 'Rahul Mehta', 'active', '2026-11-20', true);
  const jonas = fx(`jonas.becker@${MSP}`, 'Jonas Becker', 'active', '2026-11-04', true);
  const fatima = fx(`fatima.alsayed@${MSP}`, 'Fatima Al-Sayed', 'active', '2026-10-27', true);
  const liam = fx(`liam.oconnor@${MSP}`, "Liam O'Connor", 'active', '2026-09-30', false);
  for (const p of [sofia, rahul, jonas, fatima, liam]) rows.add(p, 'User', [ACCOUNT]);
  rows.add(fx(`grace.whitfield@${MSP}`, 'Grace Whitfield', 'active', '2026-11-03', true), 'Finance', [ACCOUNT]);
  rows.add(fx(`camille.dubois@${MSP}`, 'Camille Dubois', 'active', '2026-10-15', false), 'Marketing', [ACCOUNT]);
  rows.add(fx(`hannah.kowalski@${MSP}`, 'Hannah Kowalski', 'active', '2026-10-08', true), 'Read-Only', [ACCOUNT]);
  // External auditor: invited for the annual review, never logged in.
  rows.add(fx('ravi.subramanian@ledgerline-audit.example', 'Ravi Subramanian', 'invited', 'never', false), 'Read-Only', [ACCOUNT]);

  // Service delivery manager: account Read-Only, but org Admin at two clients (can approve remediation there).
  const tomas = fx(`tomas.herrera@${MSP}`, 'Tomás Herrera', 'active', '2026-11-17', true);
  rows.add(tomas, 'Read-Only', [ACCOUNT]);
  rows.add(tomas, 'Admin', orgPath('Bayside Dental'));
  rows.add(tomas, 'Admin', orgPath('Summit Orthopedics'));
  // Account User who was also made org Admin at Ironbridge during an incident (overlapping grant).
  rows.add(rahul, 'Admin', orgPath('Ironbridge Manufacturing'));

  // --- Outside consultants with org-level roles in several organizations.
  const priya = fx('priya.raman@coastal-it.example', 'Priya Raman', 'active', '2026-11-14', true);
  for (const o of [
    'Bayside Dental',
    'Rosewood Dental Arts',
    'Elmstead Orthodontics',
    'Crescent City Chiropractic',
    'Sunnyside Pediatrics',
  ]) {
    rows.add(priya, 'Admin', orgPath(o));
  }
  const hale = fx('robert.hale@halecomputing.example', 'Robert Hale, Jr.', 'active', '2026-07-22', false);
  rows.add(hale, 'Admin', orgPath('Quarry Hill Brewing'));
  rows.add(hale, 'Admin', orgPath('Northgate Auto Group'));

  // --- Fixed customer contacts.
  rows.add(fx('maria.santos@bayside-dental.example', 'Maria Santos', 'active', '2026-11-10', true), 'Admin', orgPath('Bayside Dental'));
  rows.add(fx('kevin.doyle@bayside-dental.example', 'Kevin Doyle', 'active', '2026-10-21', false), 'User', orgPath('Bayside Dental'));
  rows.add(fx('aiko.tanabe@bayside-dental.example', 'Aiko Tanabe', 'active', '2026-09-02', true), 'Read-Only', orgPath('Bayside Dental'));
  // Suspended customer admin who still holds Admin.
  rows.add(
    fx('gregor.steiner@ironbridge-mfg.example', 'Gregor Steiner', 'suspended', '2026-02-11', false),
    'Admin',
    orgPath('Ironbridge Manufacturing'),
  );
  // Active org Admin who never logged in, no MFA.
  rows.add(
    fx('olivia.grant@brightwater-cu.example', 'Olivia Grant', 'active', 'never', false),
    'Admin',
    orgPath('Brightwater Credit Union'),
  );
  const fixedOrgs = new Set(['Bayside Dental']);

  // --- MSP technicians in three pods; each pod covers a share of the clients at organization level.
  const pods = [[], [], []];
  rng.shuffle(orgs.map(([name]) => name)).forEach((name, i) => pods[i % 3].push(name));
  // Pod leads are fixed (the README names them); one skips MFA while holding Admin across his pod.
  const leads = [
    fx(`jia.zhou@${MSP}`, 'Jia Zhou', 'active', '2026-11-16', true),
    fx(`dmitri.sokolov@${MSP}`, 'Dmitri Sokolov', 'active', '2026-11-10', false),
    fx(`adaeze.nwankwo@${MSP}`, 'Adaeze Nwankwo', 'active', '2026-11-19', true),
  ];
  pods.forEach((podOrgs, podIndex) => {
    for (let t = 0; t < 4; t++) {
      const tech = t === 0 ? leads[podIndex] : people.make(MSP, 'first.last', { mfaRate: 0.9, suspendedRate: 0, invitedRate: 0 });
      for (const name of podOrgs) {
        if (t > 0 && rng.chance(0.12)) continue; // not everyone in a pod covers every client
        const role =
          t === 0
            ? 'Admin'
            : rng.weighted([
                ['User', 6],
                ['Admin', 2],
                ['Read-Only', 1],
              ]);
        rows.add(tech, role, orgPath(name));
      }
      // Cross-coverage: each tech backs up about half of the next pod's clients as a plain User.
      for (const name of pods[(podIndex + 1) % 3]) if (rng.chance(0.5)) rows.add(tech, 'User', orgPath(name));
    }
  });

  // --- Customers' own IT people.
  for (const [name, domain, style] of orgs) {
    if (fixedOrgs.has(name)) continue;
    const n = rng.weighted([
      [1, 7],
      [2, 3],
      [3, 1],
    ]);
    for (let i = 0; i < n; i++) {
      const p = people.make(domain, style, { mfaRate: 0.7 });
      const role =
        i === 0
          ? rng.weighted([
              ['Admin', 3],
              ['User', 1],
            ])
          : rng.weighted([
              ['User', 5],
              ['Read-Only', 3],
              ['Admin', 1],
            ]);
      rows.add(p, role, orgPath(name));
    }
  }

  const nodeOrder = [ACCOUNT, ...orgs.map(([name]) => `${ACCOUNT}/${name}`)];
  return canonicalCsv(levels, rows.sorted(nodeOrder));
}

// ---------------------------------------------------------------------------------------------------
// 2. HYAS Protect: one partner, four MSSPs, 26 child organizations.

function hyas() {
  const rng = prng(0x48594153); // "HYAS"
  const people = new People(rng);
  const levels = ['partner', 'mssp', 'organization'];
  const rows = new Rows(levels, {
    partner: ['Partner Admin'],
    mssp: ['MSSP Admin', 'MSSP Analyst'],
    organization: ['Admin', 'Protect Analyst', 'Protect Executive'],
  });
  const PARTNER = 'Cobalt Ridge Partners';
  const P_DOMAIN = 'cobaltridge.example';

  // [MSSP, MSSP domain, [[org, customer domain, customer group]...]]; orgs of one customer group share staff.
  const mssps = [
    [
      'Harborline Security',
      'harborline-sec.example',
      [
        ['Altavista Health North Campus', 'altavista-health.example', 'altavista'],
        ['Altavista Health South Campus', 'altavista-health.example', 'altavista'],
        ['Altavista Health Research Labs', 'altavista-health.example', 'altavista'],
        ['Brennan Freight', 'brennanfreight.example'],
        ['Coral Bay Resorts', 'coralbay-resorts.example'],
        ['Duskwood Credit Union', 'duskwood-cu.example'],
        ['Emberly School District Admin Network', 'emberly-sd.example', 'emberly'],
        ['Emberly School District Student Network', 'emberly-sd.example', 'emberly'],
        ['Fjord Seafood Co.', 'fjord-seafood.example'],
      ],
    ],
    [
      'Redwood Cyber Defense',
      'redwoodcyber.example',
      [
        ['Granite Peak Mining', 'granitepeak.example', 'granite'],
        ['Granite Peak Mining Site Operations', 'granitepeak.example', 'granite'],
        ['Hollis & Vance Attorneys', 'hollisvance.example'],
        ['Juniper Biologics', 'juniper-bio.example'],
        ['Kinsale Energy', 'kinsale-energy.example', 'kinsale'],
        ['Kinsale Energy Retail', 'kinsale-energy.example', 'kinsale'],
        ['Larkspur Insurance', 'larkspur-ins.example'],
        ['Mosaic Media Group', 'mosaicmedia.example'],
      ],
    ],
    [
      'Meridian SecOps',
      'meridian-secops.example',
      [
        ['Nakamura Robotics', 'nakamura-robotics.example', 'nakamura'],
        ['Nakamura Robotics EU', 'nakamura-robotics.example', 'nakamura'],
        ['Orchard Lane Foods', 'orchardlane.example'],
        ['Pemberton Water', 'pemberton-mu.example', 'pemberton'],
        ['Pemberton Electric', 'pemberton-mu.example', 'pemberton'],
        ['Quayside Hotels', 'quaysidehotels.example'],
        ['Rivermark Bank', 'rivermark-bank.example'],
      ],
    ],
    [
      'Polaris Managed Security',
      'polaris-ms.example',
      [
        ['Stellar Aerospace Components', 'stellar-aero.example'],
        ['Thornbury College', 'thornbury.example'],
        ['Umbra Game Studios', 'umbragames.example'],
        ['Verdant Agritech', 'verdant-agri.example'],
        ['Whitecliff Pharmacy', 'whitecliff-rx.example'],
      ],
    ],
  ];
  const msspPath = (m) => [PARTNER, m];
  const orgPath = (m, o) => [PARTNER, m, o];
  const fx = (...a) => people.fixed(...a);

  // --- Partner Admins.
  rows.add(fx(`amara.nwosu@${P_DOMAIN}`, 'Amara Nwosu', 'active', '2026-11-18', true), 'Partner Admin', [PARTNER]);
  rows.add(fx(`henrik.larsen@${P_DOMAIN}`, 'Henrik Larsen', 'active', '2026-11-06', false), 'Partner Admin', [PARTNER]); // no MFA
  rows.add(fx(`julia.brandt@${P_DOMAIN}`, 'Julia Brandt', 'active', '2026-10-29', true), 'Partner Admin', [PARTNER]);

  // --- Fixed people (README cases).
  const H = 'Harborline Security';
  // Pure MSSP Analyst: sees Blocking Mode / Source Networks / SentinelOne Config only through the API.
  const lena = fx('lena.fischer@harborline-sec.example', 'Lena Fischer', 'active', '2026-11-19', true);
  rows.add(lena, 'MSSP Analyst', msspPath(H));
  // MSSP Analyst who is also Org Admin at one client: can Set Blocking Mode there, nowhere else.
  const tariq = fx('tariq.haddad@harborline-sec.example', 'Tariq Haddad', 'active', '2026-11-15', true);
  rows.add(tariq, 'MSSP Analyst', msspPath(H));
  rows.add(tariq, 'Admin', orgPath(H, 'Duskwood Credit Union'));
  rows.add(fx('nina.albrecht@harborline-sec.example', 'Nina Albrecht', 'active', '2026-11-13', true), 'MSSP Admin', msspPath(H));
  // Suspended MSSP Admin at Redwood.
  rows.add(
    fx('owen.mcallister@redwoodcyber.example', 'Owen McAllister', 'suspended', '2026-03-02', true),
    'MSSP Admin',
    msspPath('Redwood Cyber Defense'),
  );
  // Hospitality consultant with roles under two different MSSPs.
  const sven = fx('sven.aalto@northlight-consulting.example', 'Sven Aalto', 'active', '2026-10-30', true);
  rows.add(sven, 'Admin', orgPath(H, 'Coral Bay Resorts'));
  rows.add(sven, 'Protect Analyst', orgPath('Meridian SecOps', 'Quayside Hotels'));
  // Brennan Freight: an executive (API-only visibility, no flyout actions) and its Org Admin.
  rows.add(
    fx('dominic.price@brennanfreight.example', 'Dominic Price', 'active', '2026-11-11', true),
    'Protect Executive',
    orgPath(H, 'Brennan Freight'),
  );
  rows.add(
    fx('keisha.morgan@brennanfreight.example', 'Keisha Morgan', 'active', '2026-11-16', true),
    'Admin',
    orgPath(H, 'Brennan Freight'),
  );
  rows.add(
    fx('arnav.joshi@brennanfreight.example', 'Arnav Joshi', 'active', '2026-11-09', false),
    'Protect Analyst',
    orgPath(H, 'Brennan Freight'),
  );
  // Fjord Seafood Co. has no Org Admin: only the MSSP and partner can manage its users.
  rows.add(
    fx('ingvild.strand@fjord-seafood.example', 'Ingvild Strand', 'active', '2026-10-02', true),
    'Protect Analyst',
    orgPath(H, 'Fjord Seafood Co.'),
  );
  rows.add(
    fx('per.solberg@fjord-seafood.example', 'Per Solberg', 'active', '2026-08-19', false),
    'Protect Executive',
    orgPath(H, 'Fjord Seafood Co.'),
  );
  // Invited Org Admin who never logged in.
  rows.add(
    fx('camila.restrepo@thornbury.example', 'Camila Restrepo', 'invited', 'never', false),
    'Admin',
    orgPath('Polaris Managed Security', 'Thornbury College'),
  );
  const fixedOrgs = new Set(['Brennan Freight', 'Fjord Seafood Co.']);
  // Orgs where MSSP analysts must not be Org Admin (the README answers depend on it).
  const noAnalystAdmin = new Set(['Brennan Freight', 'Fjord Seafood Co.', 'Coral Bay Resorts', 'Duskwood Credit Union']);

  // How each MSSP staffs its customers. Harborline already has one Admin and two Analysts above.
  // Redwood, Meridian and Polaris also run their SOC per customer: engineers with org-level Protect Analyst
  // roles (the SOC lead as Org Admin) at the customers they watch.
  const staffing = {
    'Harborline Security': { admins: 1, analysts: 2, soc: 0 },
    'Redwood Cyber Defense': { admins: 1, analysts: 3, soc: 3 },
    'Meridian SecOps': { admins: 2, analysts: 2, soc: 4 },
    'Polaris Managed Security': { admins: 2, analysts: 1, soc: 4 },
  };

  for (const [mssp, mDomain, orgs] of mssps) {
    const plan = staffing[mssp];
    for (let i = 0; i < plan.admins; i++)
      rows.add(people.make(mDomain, 'first.last', { mfaRate: 0.9, suspendedRate: 0, invitedRate: 0 }), 'MSSP Admin', msspPath(mssp));
    for (let i = 0; i < plan.analysts; i++) {
      const a = people.make(mDomain, 'first.last', { mfaRate: 0.85, suspendedRate: 0.03, invitedRate: 0.05 });
      rows.add(a, 'MSSP Analyst', msspPath(mssp));
      // Named engineers get Org Admin at the clients they own.
      const eligible = orgs.map(([o]) => o).filter((o) => !noAnalystAdmin.has(o));
      for (const o of rng.sample(eligible, rng.int(1, 3))) rows.add(a, 'Admin', orgPath(mssp, o));
    }
    for (let i = 0; i < plan.soc; i++) {
      const soc = people.make(mDomain, 'first.last', { mfaRate: 0.95, suspendedRate: 0, invitedRate: 0 });
      for (const [o] of orgs) if (i === 0 || rng.chance(0.85)) rows.add(soc, i === 0 ? 'Admin' : 'Protect Analyst', orgPath(mssp, o));
    }

    // Customers. People of one customer group hold the same role in all of its orgs.
    const groups = new Map();
    for (const [o, domain, group] of orgs) {
      const key = group ?? o;
      if (!groups.has(key)) groups.set(key, { domain, orgs: [] });
      groups.get(key).orgs.push(o);
    }
    for (const { domain, orgs: groupOrgs } of groups.values()) {
      if (groupOrgs.some((o) => fixedOrgs.has(o))) continue;
      const multi = groupOrgs.length > 1;
      const style = rng.pick(['first.last', 'first.last', 'flast']);
      const staff = [];
      const adminCount = multi
        ? 2
        : rng.weighted([
            [1, 4],
            [2, 1],
          ]);
      for (let i = 0; i < adminCount; i++) staff.push('Admin');
      const analysts = multi
        ? rng.int(1, 3)
        : rng.weighted([
            [0, 3],
            [1, 2],
            [2, 1],
          ]);
      for (let i = 0; i < analysts; i++) staff.push('Protect Analyst');
      if (rng.chance(multi ? 0.9 : 0.5)) staff.push('Protect Executive');
      for (const role of staff) {
        const p = people.make(domain, style, { mfaRate: 0.75 });
        // In multi-org groups, analysts do not always cover every org (but at least the first).
        groupOrgs.forEach((o, i) => {
          if (role === 'Protect Analyst' && i > 0 && rng.chance(0.25)) return;
          rows.add(p, role, orgPath(mssp, o));
        });
      }
    }
  }

  const nodeOrder = [PARTNER];
  for (const [mssp, , orgs] of mssps) {
    nodeOrder.push(`${PARTNER}/${mssp}`);
    for (const [o] of orgs) nodeOrder.push(`${PARTNER}/${mssp}/${o}`);
  }
  return canonicalCsv(levels, rows.sorted(nodeOrder));
}

// ---------------------------------------------------------------------------------------------------
// 3. Hexiosec ASM: four organisations, each with scan groups and exactly one Owner.

function hexiosec() {
  const rng = prng(0x48455849); // "HEXI"
  const people = new People(rng);
  const levels = ['organisation', 'group'];
  const rows = new Rows(levels, {
    organisation: ['Owner', 'Admin', 'Manager', 'Member'],
    group: ['Admin', 'Editor', 'Contributor', 'Viewer'],
  });

  // [organisation, domain, email style, groups]
  const orgs = [
    [
      'Fenwick Engineering',
      'fenwick-eng.example',
      'first.last',
      ['External Perimeter', 'Cloud Assets', 'Acquisitions', 'Web Applications'],
    ],
    [
      'Altamira Health Trust',
      'altamira-health.example',
      'first.last',
      ['External Perimeter', 'Patient Portals', 'Cloud Assets', 'Legacy Domains', 'Third-Party Suppliers'],
    ],
    ['Kestrel Logistics', 'kestrel-logistics.example', 'flast', ['External Perimeter', 'Cloud Assets', 'Acquisitions', 'EU Depots']],
    ['Quillon Bank', 'quillon.example', 'first.last', ['External Perimeter', 'Online Banking', 'Cloud Assets', 'Subsidiaries', 'Red Team']],
  ];
  const fx = (...a) => people.fixed(...a);
  const F = 'Fenwick Engineering';
  const A = 'Altamira Health Trust';
  const K = 'Kestrel Logistics';
  const Q = 'Quillon Bank';

  // Owners (exactly one per organisation).
  const owners = {
    [F]: fx('richard.fenwick@fenwick-eng.example', 'Richard Fenwick', 'active', '2026-11-12', true),
    [A]: fx('siobhan.reilly@altamira-health.example', 'Siobhan Reilly', 'active', '2026-11-18', true),
    [K]: fx('moyelaran@kestrel-logistics.example', 'Margaret Oyelaran', 'active', '2026-10-24', true),
    [Q]: fx('henri.castellane@quillon.example', 'Henri Castellane', 'active', '2026-11-20', true),
  };
  // Groups each Owner has NO role in (so the Owner cannot view those scans).
  const ownerGaps = { [F]: [], [A]: ['Legacy Domains'], [K]: ['Acquisitions', 'EU Depots'], [Q]: ['Red Team'] };
  // Altamira's Legacy Domains group lost its creator: only Viewers and Contributors remain.
  const legacyOnly = ['Contributor', 'Viewer'];
  const groupRole = (org, group, roles) => (org === A && group === 'Legacy Domains' ? rng.pick(legacyOnly) : rng.weighted(roles));

  // Fixed cases.
  const isla = fx('isla.mackenzie@fenwick-eng.example', 'Isla MacKenzie', 'active', '2026-11-05', true);
  const noah = fx('noah.feldman@lanternsec.example', 'Noah Feldman', 'active', '2026-11-17', true);
  const benedikt = fx('benedikt.kraus@quillon.example', 'Benedikt Kraus', 'active', '2026-10-19', false);
  const yara = fx('yara.haddad@altamira-health.example', 'Yara Haddad', 'suspended', '2026-01-27', true);
  const theo = fx('tbrennan@kestrel-logistics.example', 'Theo Brennan', 'invited', 'never', false);

  for (const [org, domain, style, groups] of orgs) {
    const owner = owners[org];
    rows.add(owner, 'Owner', [org]);
    for (const g of groups) {
      if (!ownerGaps[org].includes(g)) rows.add(owner, 'Admin', [org, g]);
    }

    // Generated staff: 1-2 Admins, 2-3 Managers, 6-9 Members.
    const staff = [];
    for (let i = rng.int(1, 2); i > 0; i--) staff.push('Admin');
    for (let i = rng.int(2, 3); i > 0; i--) staff.push('Manager');
    for (let i = rng.int(6, 9); i > 0; i--) staff.push('Member');
    for (const orgRole of staff) {
      const p = people.make(domain, style, { mfaRate: 0.8 });
      rows.add(p, orgRole, [org]);
      const n = orgRole === 'Member' ? rng.int(1, 3) : rng.int(1, groups.length - 1);
      const weights =
        orgRole === 'Member'
          ? [
              ['Editor', 3],
              ['Contributor', 3],
              ['Viewer', 3],
              ['Admin', 1],
            ]
          : [
              ['Admin', 4],
              ['Editor', 3],
              ['Contributor', 1],
              ['Viewer', 1],
            ];
      for (const g of rng.sample(groups, n)) rows.add(p, groupRole(org, g, weights), [org, g]);
    }
  }

  // Isla: a Member with a different role in each of three groups, none in Web Applications.
  rows.add(isla, 'Member', [F]);
  rows.add(isla, 'Editor', [F, 'External Perimeter']);
  rows.add(isla, 'Viewer', [F, 'Cloud Assets']);
  rows.add(isla, 'Contributor', [F, 'Acquisitions']);
  // Noah: external pen-tester in two organisations.
  rows.add(noah, 'Member', [F]);
  rows.add(noah, 'Contributor', [F, 'External Perimeter']);
  rows.add(noah, 'Manager', [Q]);
  rows.add(noah, 'Editor', [Q, 'Red Team']);
  rows.add(noah, 'Viewer', [Q, 'Online Banking']);
  // Benedikt: Quillon org Admin with no group role at all (manages people, sees no scans).
  rows.add(benedikt, 'Admin', [Q]);
  // Yara: suspended Altamira Manager still holding group Admin.
  rows.add(yara, 'Manager', [A]);
  rows.add(yara, 'Admin', [A, 'Patient Portals']);
  rows.add(yara, 'Admin', [A, 'Third-Party Suppliers']);
  // Theo: invited Kestrel Member, Editor of Acquisitions, never logged in.
  rows.add(theo, 'Member', [K]);
  rows.add(theo, 'Editor', [K, 'Acquisitions']);

  const nodeOrder = [];
  for (const [org, , , groups] of orgs) {
    nodeOrder.push(org);
    for (const g of groups) nodeOrder.push(`${org}/${g}`);
  }
  return canonicalCsv(levels, rows.sorted(nodeOrder));
}

// ---------------------------------------------------------------------------------------------------
// 4. A raw Huntress export: vendor headers, UTF-8 BOM, `;` delimiter, stray spaces, a quoted name and
//    one cell with two roles (`"User;Admin"`, quoted because `;` is the delimiter).

function huntressRaw() {
  const rng = prng(0x52415731); // "RAW1"
  const people = new People(rng);
  const ACCOUNT = 'Lakeshore Managed IT';
  const MSP = 'lakeshore-it.example';
  const orgs = [
    ['Greyfield Dental', 'greyfield-dental.example'],
    ['Pinecrest Veterinary', 'pinecrest-vet.example'],
    ['Orton & Vale Solicitors', 'ortonvale.example'],
    ['Birchwood Family Clinic', 'birchwood-clinic.example'],
    ['Saltmarsh Boatworks', 'saltmarsh-boats.example'],
    ['Cobble Lane Bakery', 'cobblelane.example'],
    ['Hawthorne Property Group', 'hawthorne-pg.example'],
  ];
  const fx = (...a) => people.fixed(...a);
  // Each line: { p, role (cell text), org (or ''), quirks }
  const lines = [];
  const add = (p, role, org = '', q = {}) => lines.push({ p, role, org, q });

  add(fx(`ingrid.halvorsen@${MSP}`, 'Ingrid Halvorsen', 'active', '2026-11-19', true), 'Admin', '', { nameSpaces: true });
  add(fx(`marcus.lindgren@${MSP}`, 'Marcus Lindgren', 'active', '2026-11-02', false), 'Admin', '', { roleSpaces: true });
  add(fx(`chen.jiahui@${MSP}`, 'Chen Jiahui', 'active', '2026-11-18', true), 'User');
  add(fx(`ola.haugen@${MSP}`, 'Ola Haugen', 'active', '2026-10-30', true), 'User');
  add(fx(`beatrice.okoro@${MSP}`, 'Beatrice Okoro', 'active', '2026-09-14', true), 'Finance');
  add(fx(`sam.whitlock@${MSP}`, 'Sam Whitlock', 'invited', 'never', false), 'Read-Only');
  // Tech with org Admin across several clients; the quoted (but comma-free) name.
  const marykate = fx(`marykate.oduya@${MSP}`, 'Mary-Kate Oduya', 'active', '2026-11-15', true);
  for (const [o] of orgs.slice(0, 4)) add(marykate, 'Admin', o, { quoteName: true });
  // The two-role cell: User and Admin at Pinecrest Veterinary.
  add(fx('dmitri.volkov@pinecrest-vet.example', 'Dmitri Volkov', 'active', '2026-11-08', true), 'User;Admin', 'Pinecrest Veterinary');
  const fixedOrgs = new Set(['Pinecrest Veterinary']);

  for (const [o, domain] of orgs) {
    const n = fixedOrgs.has(o) ? 1 : rng.int(2, 4);
    for (let i = 0; i < n; i++) {
      const p = people.make(domain, 'first.last', { mfaRate: 0.7 });
      const role =
        i === 0
          ? rng.weighted([
              ['Admin', 3],
              ['User', 1],
            ])
          : rng.weighted([
              ['User', 3],
              ['Read-Only', 2],
            ]);
      add(p, role, o, { orgSpaces: o === 'Greyfield Dental' && i === 0 });
    }
  }

  const header = ['E-mail', 'Full Name', 'Role', 'Account Name', 'Organization Name', 'Status', 'Last Login', 'MFA Enabled'];
  const out = [header.join(';')];
  for (const { p, role, org, q } of lines) {
    const name = q.quoteName ? `"${p.name}"` : q.nameSpaces ? `  ${p.name} ` : csvField(p.name, ';');
    const roleCell = q.roleSpaces ? ` ${role} ` : csvField(role, ';');
    const orgCell = q.orgSpaces ? ` ${org} ` : csvField(org, ';');
    out.push([p.email, name, roleCell, ACCOUNT, orgCell, p.status, p.lastLogin, String(p.mfa)].join(';'));
  }
  return `\uFEFF${out.join('\n')}\n`;
}

/**
 * Northwind MSP a month later, for diffs and for checking that a review's revocations happened: the
 * November export with the changes listed in resources/samples/README.md, and nothing else.
 */
function huntressNext(november) {
  const [header, ...rows] = november.trimEnd().split('\n');
  const gone = ['marcus.webb@northwind-msp.example', 'gregor.steiner@ironbridge-mfg.example'];
  const kept = rows
    .filter((row) => !gone.some((email) => row.startsWith(`${email},`)))
    // The Admin left over from an incident is revoked; his account User stays.
    .filter((row) => !row.startsWith('rahul.mehta@northwind-msp.example,Rahul Mehta,Admin,Northwind MSP,Ironbridge Manufacturing,'))
    // A role swap: Admin at Bayside Dental becomes User there.
    .map((row) =>
      row.startsWith('tomas.herrera@northwind-msp.example,Tomás Herrera,Admin,Northwind MSP,Bayside Dental,')
        ? row.replace(',Admin,', ',User,')
        : row,
    )
    // MFA turned on.
    .map((row) => (row.startsWith('daniel.okonkwo@northwind-msp.example,') ? row.replace(/,false$/, ',true') : row));
  const added = [
    // The outside consultant is made Admin at one more customer.
    'priya.raman@coastal-it.example,Priya Raman,Admin,Northwind MSP,Harbor Law Group,active,2026-12-03,true',
    // A new technician, invited.
    'samuel.ortiz@northwind-msp.example,Samuel Ortiz,User,Northwind MSP,,invited,never,false',
  ];
  // Priya's last login moved on with her new role.
  const lines = kept.map((row) => (row.startsWith('priya.raman@coastal-it.example,') ? row.replace(',2026-11-14,', ',2026-12-03,') : row));
  return `${[header, ...lines, ...added].join('\n')}\n`;
}

/**
 * A platform the app does not know, described by resources/models/acme-edr.json: Acme EDR, one
 * tenant with four sites. Written out by hand: the cases are the point, there is no filler.
 */
function acmeEdr() {
  const rows = [
    ['email', 'name', 'role', 'tenant', 'site', 'status', 'last_login', 'mfa'],
    ['olga.berg@keystone-it.example', 'Olga Berg', 'Owner', 'Keystone IT', '', 'active', '2026-11-28', 'true'],
    ['sam.reyes@keystone-it.example', 'Sam Reyes', 'Analyst', 'Keystone IT', '', 'active', '2026-11-30', 'true'],
    ['lee.park@keystone-it.example', 'Lee Park', 'Analyst', 'Keystone IT', '', 'active', '2026-11-12', 'false'],
    ['ana.costa@harbourview.example', 'Ana Costa', 'Site Admin', 'Keystone IT', 'Harbourview Clinic', 'active', '2026-11-25', 'true'],
    ['ana.costa@harbourview.example', 'Ana Costa', 'Viewer', 'Keystone IT', 'Harbourview Annex', 'active', '2026-11-25', 'true'],
    ['ben.ode@millbrook.example', 'Ben Ode', 'Site Admin', 'Keystone IT', 'Millbrook Foods', 'suspended', '2026-03-02', 'false'],
    ['cara.lin@millbrook.example', 'Cara Lin', 'Viewer', 'Keystone IT', 'Millbrook Foods', 'active', 'never', 'false'],
    ['dev.rao@outside-sec.example', 'Dev Rao', 'Admin', 'Keystone IT', 'Quayside Legal', 'active', '2026-11-29', 'true'],
  ];
  return `${rows.map((r) => r.join(',')).join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------

const november = huntress();
const files = {
  'huntress-msp.csv': november,
  'huntress-msp-december.csv': huntressNext(november),
  'acme-edr.csv': acmeEdr(),
  'hyas-protect-mssp.csv': hyas(),
  'hexiosec-asm.csv': hexiosec(),
  'huntress-export-raw.csv': huntressRaw(),
};

mkdirSync(OUT, { recursive: true });
for (const [name, text] of Object.entries(files)) {
  writeFileSync(join(OUT, name), text, 'utf8');
  process.stdout.write(`${name}: ${text.trimEnd().split('\n').length - 1} rows\n`);
}
