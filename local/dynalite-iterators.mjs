/**
 * dynalite (4.0) reads a Query's items through a stream over a LevelDB iterator and, when the stream
 * ends or is cut short (a Limit), calls the iterator's `return()` to close it. abstract-level's
 * iterators have no `return()` (only their async-iterator wrapper does), so no Query iterator was
 * ever closed: each one kept LevelDB's memtables and table versions of its moment alive, and the
 * runtime's native memory grew by about 12 KB a Query, without end. Giving the iterators the
 * `return()` dynalite expects closes them. Plain JavaScript: the DynamoDB worker thread loads it.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function closeDynaliteIterators() {
  // The copy of abstract-level that dynalite's level (classic-level, memory-level) extends.
  const levelRequire = createRequire(require.resolve('dynalite'));
  const { AbstractIterator, AbstractKeyIterator, AbstractValueIterator } = levelRequire('abstract-level');
  for (const Iterator of [AbstractIterator, AbstractKeyIterator, AbstractValueIterator]) {
    if (typeof Iterator.prototype.return === 'function') continue;
    Object.defineProperty(Iterator.prototype, 'return', {
      value() {
        return this.close();
      },
      configurable: true,
      writable: true,
    });
  }
}
