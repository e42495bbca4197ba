/** The port the sweep command assumes for the sandbox `npm start` runs (SANDBOX_PORT's default). */
const DEFAULT_SANDBOX_PORT = '4010';

export interface BannerPlaces {
  /** the embedded sandbox's URL */
  jira: string;
  /** the service's URL */
  url: string;
  webhookUrl: string;
  /** CONFIG_FILE when it is not the default (the sweep must read the same file) */
  configFile?: string;
  /** the doctor's summary line at start */
  doctor?: string;
  /** the admin page's token as shown (made up for this run, or a note naming ADMIN_TOKEN); none: off */
  admin?: string;
  /** the closure the demo added to a calendar (in memory) */
  demoClosure?: { project: string; date: string };
}

const DEMO_LINE =
  '  demo     SUP-1 waits on the customer; SUP-2 is past its validation window; SUP-3 is inside it;\n' +
  '           SUP-6..SUP-16 fill /admin: a week of closes across a day off, pending issues, a reply waiting.';

/** What `npm start` prints first with the embedded sandbox: where things are, what to paste. */
export function sandboxBanner(places: BannerPlaces): string {
  const { jira, url, webhookUrl } = places;
  const adf = (text: string) =>
    JSON.stringify({
      body: {
        type: 'doc',
        version: 1,
        content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
      },
    });
  return [
    '',
    'jira-support-middleware is running against the EMBEDDED SANDBOX Jira (no JIRA_BASE_URL is set).',
    `  service  ${url}   (POST /webhooks/jira, /healthz, /readyz, /metrics)`,
    `  sandbox  ${jira}   (users: curl ${jira}/_sandbox/users; API token "sandbox")`,
    `  webhook  registered in the sandbox, signed, pointing at ${webhookUrl}`,
    ...(places.doctor
      ? [
          `  doctor   ${places.doctor.replace(/^doctor: /, '')}   (the checklist: PUBLIC_URL=${url} ${doctorCommandLine(places)})`,
        ]
      : []),
    places.admin
      ? `  admin    ${url}/admin   (token: ${places.admin}; pt-BR page: what closes when, last runs, calendar)`
      : '  admin    off: set ADMIN_TOKEN (16+ characters) to serve /admin',
    DEMO_LINE,
    ...(places.demoClosure
      ? [
          `           demo: closure on ${dayMonth(places.demoClosure.date)} added to ${places.demoClosure.project}'s calendar` +
            ' (in memory; config/projects.yaml is unchanged)',
        ]
      : []),
    '',
    'Try it:',
    '  # the customer answers SUP-1: it goes back to "Em Atendimento" within a second',
    `  curl -s -u clinica@cliente.example:sandbox -H 'Content-Type: application/json' -d '${adf('Segue o modelo da impressora: Zebra ZD220.')}' ${jira}/rest/api/3/issue/SUP-1/comment`,
    `  curl -s -u bot@pixeon.example:sandbox '${jira}/rest/api/3/issue/SUP-1?fields=status' | grep -o '"name":"[^"]*"' | head -1`,
    '  # what the nightly sweep would do now (SUP-2 would be closed), changing nothing:',
    `  ${sweepCommandLine(places)}`,
    '',
  ].join('\n');
}

/** The dry-run sweep as pasted into another terminal: it must find this sandbox and config. */
export function sweepCommandLine(places: Pick<BannerPlaces, 'jira' | 'configFile'>): string {
  const port = new URL(places.jira).port;
  const env = [
    ...(port === DEFAULT_SANDBOX_PORT ? [] : [`SANDBOX_PORT=${port}`]),
    ...(places.configFile ? [`CONFIG_FILE=${shellWord(places.configFile)}`] : []),
  ];
  return [...env, 'npm run --silent cli -- sweep --dry-run'].join(' ');
}

/** The doctor as pasted into another terminal (the same sandbox and config as the sweep's). */
function doctorCommandLine(places: Pick<BannerPlaces, 'jira' | 'configFile'>): string {
  return sweepCommandLine(places).replace('sweep --dry-run', 'doctor');
}

/** 2026-12-07 as 07/12 */
function dayMonth(date: string): string {
  const [, month, day] = date.split('-');
  return `${day}/${month}`;
}

function shellWord(text: string): string {
  return /^[\w./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
