/**
 * A class whose instances are functions. `http.createServer(app)` needs a
 * function, and PoorWSGI's `Application` is a WSGI callable, so the
 * application object is both. The constructor returns `fn` re-prototyped as
 * the subclass; fields of subclasses (private ones too) land on `fn`.
 */
export class Callable<F extends (...args: never[]) => unknown> {
  constructor(fn: F) {
    // biome-ignore lint/correctness/noConstructorReturn: the instance must be callable
    return Object.setPrototypeOf(fn, new.target.prototype);
  }
}

// instances are functions: keep `apply`, `call` and `bind` on their prototype
// chain, as EventEmitter (`server.on('request', app)`) calls `listener.apply`
Object.setPrototypeOf(Callable.prototype, Function.prototype);
