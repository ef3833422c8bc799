"""Japan's Official Security Assistance (OSA) map: data, boundaries and map building.

Everything here can be imported and tested without a Streamlit server.
"""
