// node-ssh (and ssh2's crypto) through a module of our own that is imported lazily (see connect.ts): bundlers turn
// `import('./node-ssh-module')` into a deferred require, which resolves like every other require in the bundle.
export { NodeSSH } from 'node-ssh';
