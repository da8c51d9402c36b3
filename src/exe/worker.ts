//! dossier.exe's build-pool worker: started from its code (a single executable has no worker file),
//! reads fonts from the executable's assets like the main thread.
import '../build/worker.js';
import { setBuiltinSource } from '../util/builtin-files.js';
import { embeddedSource } from './embedded.js';

// before the first job arrives (jobs come as messages, after this module has run)
setBuiltinSource(embeddedSource());
