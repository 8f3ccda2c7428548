import { inspectImage, type ImageName } from './image';
const n = process.argv[2] as ImageName;
inspectImage(n, `localhost/cbc-analytics/${n}:local`).then((r) => console.log('OK', r), (e) => console.log('FAIL', e.message));
