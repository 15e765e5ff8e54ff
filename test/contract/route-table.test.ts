import { RouteTable } from '../../src/routing/route-table.ts';
import { type ContractHandler, runRouteTableContract } from './route-table.contract.ts';

/** Each kind of route: its rule, how it is registered, a path it matches and one it does not. */
const KINDS: readonly [name: string, rule: string, regular: boolean, samplePath: string, otherPath: string][] = [
  ['static route', '/contract/static', false, '/contract/static', '/contract/other'],
  ['group route', '/contract/<id:int>', false, '/contract/42', '/contract/abc'],
  ['raw regular route', '/contract/(\\d+)', true, '/contract/42', '/contract/42/more'],
];

for (const [name, rule, regular, samplePath, otherPath] of KINDS) {
  runRouteTableContract(name, {
    create: () => new RouteTable<ContractHandler>(),
    register: (table, handler, method) =>
      regular ? table.setRegularRoute(rule, handler, method) : table.setRoute(rule, handler, method),
    unregister: (table, method) => (regular ? table.popRegularRoute(rule, method) : table.popRoute(rule, method)),
    isRegistered: (table) => (regular ? table.isRegularRoute(rule) : table.isRoute(rule)),
    samplePath,
    otherPath,
    rule,
  });
}
