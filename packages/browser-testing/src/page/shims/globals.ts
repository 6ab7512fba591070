/** Injected into the page bundle: the kit's handlers and scenarios use Node's `Buffer`. */
export { Buffer } from 'buffer'
