"""Shared helpers for the Streamlit pages: Vietnamese formatting, login, cached data."""
