"""Workforce services: roster, config (scale, rules, norm), adjustments, housing fund, Excel."""
