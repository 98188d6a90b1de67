"""Keep TensorFlow and Rasa from flooding the terminal: call before importing rasa."""
from __future__ import annotations

import logging
import os
import sys
import warnings


def quiet_environment() -> dict:
    """Environment variables that silence TensorFlow's C++ logs and progress bars."""
    return {"TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0", "LOG_LEVEL": "WARNING",
            "PYTHONWARNINGS": "ignore", "RASA_TELEMETRY_ENABLED": "false"}


def silence() -> None:
    for key, value in quiet_environment().items():
        os.environ.setdefault(key, value)
    warnings.filterwarnings("ignore")
    for name in ("tensorflow", "rasa", "absl", "h5py", "matplotlib", "sanic", "apscheduler"):
        logging.getLogger(name).setLevel(logging.ERROR)
    # Rasa's structlog events ("processor.message.parse ...") would otherwise print every
    # debug line to stdout, where `lotse try` writes its JSON.
    import structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING),
                        logger_factory=structlog.PrintLoggerFactory(sys.stderr))
