"""The ground floor: errors as values, the message catalogue in two languages, signals."""
