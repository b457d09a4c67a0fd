"""Pure domain logic: no UI, no ORM, no clock or randomness of its own."""
