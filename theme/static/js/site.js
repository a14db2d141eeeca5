// Site script.
