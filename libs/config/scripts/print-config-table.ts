// Prints the README configuration table from the variables' metadata:
//   node -r @swc-node/register libs/config/scripts/print-config-table.ts
import 'reflect-metadata';
import { renderConfigTable } from '../src/config-table';

process.stdout.write(`${renderConfigTable()}\n`);
