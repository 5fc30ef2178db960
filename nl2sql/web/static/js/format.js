// Values as a person reads them: numbers grouped, timestamps as dates, SQL laid out on lines; and CSV.

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isTimestamp(value) {
  return typeof value === 'string' && ISO.test(value);
}

export function isUuid(value) {
  return typeof value === 'string' && UUID.test(value);
}

// The kind of each column, from its values: number, time, uuid, json, text (null values say nothing).
export function columnKinds(columns, rows) {
  return columns.map((_, index) => {
    const values = rows.map((row) => row[index]).filter((value) => value !== null && value !== undefined);
    if (values.length === 0) return 'empty';
    if (values.every((value) => typeof value === 'number')) return 'number';
    if (values.every(isTimestamp)) return 'time';
    if (values.every(isUuid)) return 'uuid';
    if (values.some((value) => typeof value === 'object')) return 'json';
    return 'text';
  });
}

// As the database gave it, without converting time zones: 25 Nov 2026, 14:03 UTC; a whole day is the date.
export function formatTimestamp(text) {
  const match = ISO.exec(text);
  if (!match) return text;
  const [, year, month, day, hour, minute, , zone] = match;
  const date = `${Number(day)} ${MONTHS[Number(month) - 1]} ${year}`;
  if (hour === undefined || (hour === '00' && minute === '00' && /T00:00(:00(\.0+)?)?/.test(text))) return date;
  const offset = zone === undefined ? '' : (/^(Z|[+-]00(:?00)?)$/.test(zone) ? ' UTC' : ` UTC${zone}`);
  return `${date}, ${hour}:${minute}${offset}`;
}

const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const SMALL = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 });

export function formatNumber(value) {
  if (Number.isInteger(value) || Math.abs(value) >= 1) return GROUPED.format(value);
  return SMALL.format(value);
}

export function formatValue(value) {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'object') return JSON.stringify(value);
  if (isTimestamp(value)) return formatTimestamp(value);
  return String(value);
}

// A cell a spreadsheet would run as a formula is neutralised with a leading ' (as the CLI's --format csv does).
function csvCell(value) {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(columns, rows) {
  return [columns, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

// ---- SQL, laid out: a clause per line, subqueries indented. Tokens keep their text; only spaces change. ----

const TOKEN = /('(?:[^']|'')*'|"(?:[^"]|"")*"|\$\d+|--[^\n]*|\s+|[(),;]|[A-Za-z_][A-Za-z0-9_$]*|\d+(?:\.\d+)?|.)/gs;
const CLAUSE = new Set(['SELECT', 'FROM', 'WHERE', 'GROUP', 'ORDER', 'HAVING', 'LIMIT', 'OFFSET', 'UNION',
  'INTERSECT', 'EXCEPT', 'WINDOW', 'JOIN', 'LEFT', 'RIGHT', 'FULL', 'INNER', 'CROSS', 'WITH']);
const JOIN_WORDS = new Set(['LEFT', 'RIGHT', 'FULL', 'INNER', 'CROSS', 'NATURAL']);
const KEYWORDS = new Set([...CLAUSE, 'AS', 'ON', 'AND', 'OR', 'NOT', 'IN', 'IS', 'NULL', 'BY', 'DESC', 'ASC',
  'DISTINCT', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'EXISTS', 'BETWEEN', 'LIKE', 'ILIKE', 'OUTER', 'LATERAL',
  'FILTER', 'OVER', 'PARTITION', 'ALL', 'ANY', 'TRUE', 'FALSE', 'INTERVAL', 'NULLS', 'FIRST', 'LAST', 'USING']);

// [{text, kind}] with kind one of: keyword, string, param, comment, plain. A clause starts a line wherever a
// query does (the top level, or a subquery's parentheses, which indent it); parentheses of a function call or a
// window keep their clauses on one line.
export function layoutSql(sql) {
  const tokens = (sql.match(TOKEN) || []);
  const out = [];
  const stack = [];  // for each open parenthesis: does it hold a query?
  let depth = 0;
  let space = false;
  let previous = '';
  const nextWord = (index) => {
    for (let j = index + 1; j < tokens.length; j += 1) if (!/^\s+$/.test(tokens[j])) return tokens[j].toUpperCase();
    return '';
  };
  const newline = () => {
    if (!out.length) return;
    const last = out[out.length - 1];
    if (last.kind === 'break') out.pop();
    out.push({ text: `\n${'  '.repeat(depth)}`, kind: 'break' });
    space = false;
  };
  const emit = (text, kind) => {
    if (space && out.length && out[out.length - 1].kind !== 'break' && previous !== '(' && text !== ')' &&
        text !== ',') {
      out.push({ text: ' ', kind: 'plain' });
    }
    out.push({ text, kind });
    space = false;
    previous = text;
  };
  tokens.forEach((token, index) => {
    if (/^\s+$/.test(token)) {
      space = true;
      return;
    }
    const word = token.toUpperCase();
    const inQuery = stack.length === 0 || stack[stack.length - 1];
    if (token === '(') {
      const query = ['SELECT', 'WITH', 'VALUES'].includes(nextWord(index));
      emit('(', 'plain');
      stack.push(query);
      if (query) {
        depth += 1;
        newline();
      }
      return;
    }
    if (token === ')') {
      if (stack.pop()) {
        depth = Math.max(0, depth - 1);
        newline();
      }
      emit(')', 'plain');
      return;
    }
    const isWord = /^[A-Za-z_]/.test(token);
    const after = nextWord(index);
    // left( and right( are functions, not joins.
    let clause = isWord && inQuery && CLAUSE.has(word) && !(JOIN_WORDS.has(word) && after === '(');
    if (clause && word === 'JOIN' && (JOIN_WORDS.has(previous.toUpperCase()) || previous.toUpperCase() === 'OUTER')) {
      clause = false;
    }
    if (clause && JOIN_WORDS.has(word) && !['JOIN', 'OUTER'].includes(after) && !JOIN_WORDS.has(after)) clause = false;
    if (clause) newline();
    let kind = 'plain';
    if (token.startsWith("'")) kind = 'string';
    else if (token.startsWith('$')) kind = 'param';
    else if (token.startsWith('--')) kind = 'comment';
    else if (isWord && KEYWORDS.has(word)) kind = 'keyword';
    emit(token, kind);
  });
  return out.map((part) => (part.kind === 'break' ? { text: part.text, kind: 'plain' } : part));
}
