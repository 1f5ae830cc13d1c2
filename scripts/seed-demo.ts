// Loads a living demo ledger through the public HTTP API of a running server, with the generated
// client (libs/api-client):
//   npm start            (in one terminal: the API on PORT, default 3000)
//   npm run seed:demo    (in another: the same PORT and HOST from the environment or .env; BASE_URL wins if set)
// Tasks are drawn from the Changchun "1+7+3" article: all seven areas, every status, some
// overdue, committee decisions; third-party evaluations in every state, exemplars at every
// level and late findings, so this year's "100+20" scoreboard has something under every rule;
// the tree of units and a task dispatched down three levels; countersign matters in every
// mode and state; a joint meeting. One file per capability under scripts/seed-demo/ (run.ts
// lists them). Every write carries an Idempotency-Key and deadlines are anchored to the current
// month, so running it again the same month changes nothing.
import { loadConfig } from '#platform';
import { ApiUnreachable } from './seed-demo/context.js';
import { apiBaseUrl, seedDemo } from './seed-demo/run.js';

async function main(): Promise<number> {
  const config = loadConfig();
  const secret = config.jwtSecret;
  if (!secret) {
    console.error('AUTH_JWT_SECRET is not set; the demo signs its tokens with the server secret');
    return 2;
  }
  const baseUrl = apiBaseUrl(process.env, config);
  try {
    await seedDemo({ baseUrl, secret });
    return 0;
  } catch (e) {
    if (!(e instanceof ApiUnreachable)) throw e;
    console.error(
      `${e.message} Start the API first with \`npm start\` (it listens on PORT, default 3000), or set BASE_URL to where it runs.`,
    );
    return 1;
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error((e as Error).message);
    process.exit(1);
  },
);
