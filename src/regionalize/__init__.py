"""regionalize — contiguous partitioning with household floor/ceiling bounds.

A pure library (numpy/scipy); it never imports Django.
"""
