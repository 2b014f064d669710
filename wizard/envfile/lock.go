package envfile

import (
	"errors"
	"time"
)

// ErrLocked means another run of tako-setup is writing in the .env's
// folder and did not finish within lockWait; nothing was written.
var ErrLocked = errors.New("another tako-setup run is writing this .env (it holds the lock) and did not finish in time; nothing was written: run again when it is done")

// lockWait is how long a Write waits for another run's write to finish (a
// write takes milliseconds; a run that holds the lock longer is stuck).
var lockWait = 10 * time.Second

// lockPoll is how often a waiting Write tries the lock again.
const lockPoll = 10 * time.Millisecond
