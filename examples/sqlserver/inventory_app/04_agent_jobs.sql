USE [msdb]
GO
/****** Object:  Job [InventoryApp - Nightly reorder report]    Script Date: 3/14/2025 10:13:02 AM ******/
BEGIN TRANSACTION
DECLARE @ReturnCode INT
SELECT @ReturnCode = 0
DECLARE @jobId BINARY(16)
EXEC @ReturnCode =  msdb.dbo.sp_add_job @job_name=N'InventoryApp - Nightly reorder report', 
		@enabled=1, 
		@notify_level_eventlog=0, 
		@description=N'Runs usp_ReorderReport for every warehouse.', 
		@category_name=N'[Uncategorized (Local)]', 
		@owner_login_name=N'sa', @job_id = @jobId OUTPUT
IF (@@ERROR <> 0 OR @ReturnCode <> 0) GOTO QuitWithRollback
EXEC @ReturnCode = msdb.dbo.sp_add_jobstep @job_id=@jobId, @step_name=N'run report', 
		@step_id=1, 
		@subsystem=N'TSQL', 
		@command=N'EXEC dbo.usp_ReorderReport;', 
		@database_name=N'InventoryApp'
IF (@@ERROR <> 0 OR @ReturnCode <> 0) GOTO QuitWithRollback
EXEC @ReturnCode = msdb.dbo.sp_add_jobschedule @job_id=@jobId, @name=N'nightly 02:00', 
		@enabled=1, 
		@freq_type=4, 
		@freq_interval=1, 
		@active_start_time=20000
IF (@@ERROR <> 0 OR @ReturnCode <> 0) GOTO QuitWithRollback
COMMIT TRANSACTION
GOTO EndSave
QuitWithRollback:
    IF (@@TRANCOUNT > 0) ROLLBACK TRANSACTION
EndSave:
GO
