"""Residence permits, arrival notification, IIN, tax residency and other services: filing comes in later issues."""
