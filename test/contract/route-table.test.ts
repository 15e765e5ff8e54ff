import { RouteTable } from '../../src/routing/route-table.ts';
import { type ContractHandler, runRouteTableContract } from './route-table.contract.ts';

const create = () => new RouteTable<ContractHandler>();

runRouteTableContract('static route', {
  create,
  register: (table, handler, method) => table.setRoute('/contract/static', handler, method),
  unregister: (table, method) => table.popRoute('/contract/static', method),
  isRegistered: (table) => table.isRoute('/contract/static'),
  samplePath: '/contract/static',
  otherPath: '/contract/other',
  rule: '/contract/static',
});

runRouteTableContract('group route', {
  create,
  register: (table, handler, method) => table.setRoute('/contract/<id:int>', handler, method),
  unregister: (table, method) => table.popRoute('/contract/<id:int>', method),
  isRegistered: (table) => table.isRoute('/contract/<id:int>'),
  samplePath: '/contract/42',
  otherPath: '/contract/abc',
  rule: '/contract/<id:int>',
});

runRouteTableContract('raw regular route', {
  create,
  register: (table, handler, method) => table.setRegularRoute('/contract/(\\d+)', handler, method),
  unregister: (table, method) => table.popRegularRoute('/contract/(\\d+)', method),
  isRegistered: (table) => table.isRegularRoute('/contract/(\\d+)'),
  samplePath: '/contract/42',
  otherPath: '/contract/42/more',
  rule: '/contract/(\\d+)',
});
