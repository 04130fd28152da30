"""Pure business rules: no Streamlit, no SQL, nothing of ours imported."""
