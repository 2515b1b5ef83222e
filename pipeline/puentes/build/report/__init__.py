"""build/report"""
