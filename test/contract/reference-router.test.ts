/**
 * The route table contract run on the reference scan of the equivalence test
 * (test/helpers/reference-router.ts): the reference must keep the contract
 * `RouteTable` keeps, or agreeing with it would prove nothing.
 */
import { ReferenceRouter } from '../helpers/reference-router.ts';
import { type ContractHandler, runRouteTableContract } from './route-table.contract.ts';

/** Each kind of route: its rule, how it is registered, a path it matches and one it does not. */
const KINDS: readonly [name: string, rule: string, regular: boolean, samplePath: string, otherPath: string][] = [
  ['static route', '/contract/static', false, '/contract/static', '/contract/other'],
  ['group route', '/contract/<id:int>', false, '/contract/42', '/contract/abc'],
  ['raw regular route', '/contract/(\\d+)', true, '/contract/42', '/contract/42/more'],
  ['group route whose parameter may match "/"', '/contract/<rest:re:.*>', false, '/contract/a/b', '/other'],
];

for (const [name, rule, regular, samplePath, otherPath] of KINDS) {
  runRouteTableContract(`reference scan, ${name}`, {
    create: () => new ReferenceRouter<ContractHandler>(),
    register: (table, handler, method) =>
      regular ? table.setRegularRoute(rule, handler, method) : table.setRoute(rule, handler, method),
    unregister: (table, method) => (regular ? table.popRegularRoute(rule, method) : table.popRoute(rule, method)),
    isRegistered: (table) => (regular ? table.isRegularRoute(rule) : table.isRoute(rule)),
    samplePath,
    otherPath,
    rule,
  });
}
