/*
 * The EventStoreDB gRPC double as its own process (as a real EventStoreDB is to API replicas on
 * several hosts): serves on the port in argv (0: any) and prints `ready <port>`.
 */
import './exit-with-parent.js';
import { EsdbDouble } from '../esdb-double/esdb-double.js';

const double = new EsdbDouble({ seedSystemEvents: false });
const { port } = await double.start(Number(process.argv[2] ?? 0));
process.stdout.write(`ready ${port}\n`);
process.on('SIGTERM', () => void double.stop().then(() => process.exit(0)));
