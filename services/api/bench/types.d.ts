// autocannon 8 ships no type declarations; the benchmark uses a small, checked-by-use subset.
declare module 'autocannon';
